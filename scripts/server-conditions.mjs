/**
 * A module resolution hook for processes that run server/ modules outside
 * Next.js (the in-process job worker in scripts/serve.ts): `server-only`
 * resolves with the `react-server` condition, as it does inside the app and
 * under `--conditions=react-server` (db:seed, npm run worker). Nothing else
 * changes, so Next.js itself still loads with the default conditions.
 */
export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'server-only') return nextResolve(specifier, { ...context, conditions: [...context.conditions, 'react-server'] });
  return nextResolve(specifier, context);
}
