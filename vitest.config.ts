import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(import.meta.dirname),
      // `server-only` throws outside React Server Components; tests run server modules directly.
      'server-only': path.resolve(import.meta.dirname, 'scripts/testing/empty.ts'),
    },
  },
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', 'e2e/**', '.next*/**', '.data/**'],
    environment: 'node',
    // A left-over `.only` would silently skip every other test: fail the run instead, locally as on CI.
    allowOnly: false,
    // server/core/actor.ts reaches next-auth, whose ESM imports `next/server` without an extension: Node cannot resolve
    // that, Vite can. Inlining next-auth lets every server module load under Vitest.
    server: { deps: { inline: ['next-auth'] } },
    globalSetup: ['scripts/testing/vitest-global-setup.ts'],
    setupFiles: ['scripts/testing/vitest-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
