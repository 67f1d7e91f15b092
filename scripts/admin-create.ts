/**
 * `npm run admin:create -- --username <name> --email <address>`: an
 * administrator account, typically a real deployment's first (no account is
 * seeded there: docs/decisions/017). On a terminal the password is asked twice
 * and not shown; otherwise it is the first line of standard input:
 *   printf '%s\n' "$ADMIN_PASSWORD" | npm run admin:create -- --username ada --email ada@example.com
 * It is checked like a sign-up's (server/auth/admin-account.ts). Needs the app's
 * DATABASE_URL, AUTH_SECRET and AUTH_PEPPER. Exit 0 created, 1 refused, 2 usage.
 */
import { parseArgs } from 'node:util';
import { read } from 'read';
import { getDb } from '@/db/client';
import { parseEnv } from '@/lib/env-schema';
import { createAdministrator } from '@/server/auth/admin-account';

const USAGE = `Usage: npm run admin:create -- --username <name> --email <address>
The password is asked for (not shown as you type), or read from the first line of standard input.`;

function exit(code: number, message: string): never {
  (code === 0 ? console.log : console.error)(message);
  process.exit(code);
}

function options() {
  try {
    const { values } = parseArgs({ options: { username: { type: 'string' }, email: { type: 'string' } }, strict: true });
    if (!values.username || !values.email) exit(2, USAGE);
    return { username: values.username, email: values.email };
  } catch (e) {
    exit(2, `${(e as Error).message}\n${USAGE}`);
  }
}

async function password(): Promise<string> {
  if (process.stdin.isTTY) {
    // Prompts on stderr, so stdout carries only the result.
    const first = await read({ prompt: 'Password for the new administrator: ', silent: true, output: process.stderr });
    const again = await read({ prompt: 'The same password again: ', silent: true, output: process.stderr });
    if (first !== again) exit(1, 'The two passwords differ. Nothing was created.');
    return first;
  }
  process.stdin.setEncoding('utf8');
  let input = '';
  for await (const chunk of process.stdin) {
    input += chunk as string;
    if (input.includes('\n')) break;
  }
  return input.split(/\r?\n/, 1)[0] ?? '';
}

const args = options();
let appUrl: string;
try {
  appUrl = parseEnv(process.env).APP_URL;
} catch (e) {
  exit(1, `${(e as Error).message}\nadmin:create writes to the app's database: set the same DATABASE_URL, AUTH_SECRET and AUTH_PEPPER as the app.`);
}

const result = await createAdministrator({ ...args, password: await password() });
await (getDb().$client as { end: () => Promise<void> }).end();
if (result.ok) {
  exit(0, `Administrator "${result.username}" created. Sign in at ${new URL('/sign-in', appUrl)}; a link to confirm the email address is on its way there.`);
} else if (result.reason === 'username_taken') {
  exit(1, `An account named "${result.username}" already exists. Nothing was changed: choose another username, or promote that account at /admin/staff.`);
} else {
  const lines = Object.entries(result.fieldErrors).map(([field, messages]) => `  ${field}: ${messages.join(' ')}`);
  exit(1, `Not created:\n${lines.join('\n')}`);
}
