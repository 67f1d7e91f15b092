/** The secrets the tests handle, recorded so the test runner can prove none reached the server's logs (scripts/test.ts). */
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { secretsInMessage } from '../scripts/testing/log-scan';

const file = path.resolve(import.meta.dirname, '..', '.data', 'typed-secrets.txt');

/** Every secret a test types is recorded. */
export function typed<T extends string>(secret: T): T {
  appendFileSync(file, `${secret}\n`);
  return secret;
}

/** Every link token and one-time code in a message the tests read from the outbox (text, HTML or headers). */
export function recordMailSecrets(...parts: readonly (string | null | undefined)[]) {
  for (const secret of secretsInMessage(...parts)) typed(secret);
}
