import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';
import boundaries from 'eslint-plugin-boundaries';

/*
 * The layers, enforced (README "Architecture", docs/decisions/028):
 *   app -> server -> db, with lib (pure, shared with the browser) under all of them.
 *   components and lib never import server or db; a component that needs an action imports it from its
 *   feature's actions.ts (or *-actions.ts) in app/, or receives it as a prop.
 *   app never imports db: pages get a handle from server/core/db and pass it to server functions.
 *   Nothing in production imports the test kit (test/); server folders import each other without cycles.
 */
const layer = (type) => ({ element: { type } });
const layers = {
  files: ['app/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}', 'lib/**/*.{ts,tsx}', 'server/**/*.{ts,tsx}', 'db/**/*.{ts,tsx}'],
  ignores: ['**/*.test.ts'],
  plugins: { boundaries },
  settings: {
    'import/resolver': { typescript: { alwaysTryTypes: true } },
    'boundaries/elements': ['app', 'components', 'lib', 'server', 'db', 'test'].map((type) => ({ type, pattern: type, partialMatch: false })),
    'boundaries/files': [
      { category: 'actions', pattern: ['app/**/actions.ts', 'app/**/*-actions.ts'] },
      // Entry points that live beside the schema: they run migrations and the seed with the server's code.
      { category: 'db-script', pattern: ['db/migrate.ts', 'db/seed.ts'] },
    ],
  },
  rules: {
    'boundaries/dependencies': [
      2,
      {
        default: 'disallow',
        policies: [
          { from: layer('app'), allow: { to: { element: { types: { anyOf: ['app', 'components', 'lib', 'server'] } } } } },
          { from: layer('components'), allow: { to: { element: { types: { anyOf: ['components', 'lib'] } } } } },
          { from: layer('components'), allow: { to: { element: { type: 'app' }, file: { categories: 'actions' } } } },
          { from: layer('lib'), allow: { to: layer('lib') } },
          { from: layer('server'), allow: { to: { element: { types: { anyOf: ['server', 'lib', 'db'] } } } } },
          { from: layer('db'), allow: { to: { element: { types: { anyOf: ['db', 'lib'] } } } } },
          { from: { file: { categories: 'db-script' } }, allow: { to: layer('server') } },
        ],
      },
    ],
  },
};

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: ['.next/**', '.next-*/**', '.data/**', 'node_modules/**', 'drizzle/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts'] },
  {
    rules: { '@typescript-eslint/no-unused-vars': ['warn', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }] },
  },
  {
    // Playwright fixtures call `use`, which is not React's hook.
    files: ['e2e/**/*.ts'],
    rules: { 'react-hooks/rules-of-hooks': 'off' },
  },
  layers,
  {
    // Links go through components/ui/link.tsx, which does not prefetch (docs/decisions/037).
    files: ['app/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}'],
    ignores: ['components/ui/link.tsx'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'next/link', message: "Import { Link } from '@/components/ui/link': it does not prefetch pages that are rendered per request (docs/decisions/037)." }] }] },
  },
  {
    // No import cycles between server/ modules (and so between its folders).
    files: ['server/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'import/no-cycle': ['error', { ignoreExternal: true }] },
  },
];
export default config;
