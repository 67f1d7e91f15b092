/**
 * A module resolution hook for processes that run server/ modules outside
 * Next.js (the in-process job worker in scripts/serve.ts; db:seed and
 * `npm run worker` through register-server-conditions.mjs): `server-only`
 * resolves with the `react-server` condition, as it does inside the app.
 * Nothing else changes: a global `--conditions=react-server` would also turn
 * `react-dom/server` into a module that throws, and emails are rendered with
 * it (server/mail/layout.ts).
 */
export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'server-only') return nextResolve(specifier, { ...context, conditions: [...context.conditions, 'react-server'] });
  return nextResolve(specifier, context);
}
