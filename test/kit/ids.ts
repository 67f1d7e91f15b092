import { randomBytes } from 'node:crypto';

/*
 * The test kit, shared by Vitest (server/**\/*.test.ts) and Playwright (e2e/):
 * nothing here is production code, and nothing in app/, server/ or lib/ imports it.
 */

/** A short id unique across parallel workers and runs: time, then randomness. Usernames, emails and subjects are built from it. */
export const uid = () => `${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;

/** A username and its example.test address, prefixed by what the test is about (`rep`, `con`, `u`). */
export function identity(prefix: string) {
  const username = `${prefix}${uid()}`;
  return { username, email: `${username}@example.test` };
}
