/**
 * `npm start`: the whole app on one machine. Embedded Postgres unless
 * DATABASE_URL is set, migrations, demo accounts (once), a build when the
 * sources changed, then the server on PORT (3000). Ctrl-C stops everything cleanly.
 */
import path from 'node:path';
import { DEMO_ACCOUNTS } from '../db/demo-accounts';
import { buildIfNeeded, dataDir, prepareRuntime, runServerScript } from './runtime';
import { serve } from './serve';

const dev = process.argv.includes('--dev');
(process.env as Record<string, string>).NODE_ENV ??= dev ? 'development' : 'production';
const port = Number(process.env.PORT ?? 3000);
// The demo on the embedded database shows its outbox at /dev/mail; a real deployment opts in explicitly.
if (!process.env.DATABASE_URL) process.env.DEV_MAIL_VIEWER ??= 'true';

const { embedded } = await prepareRuntime({ database: 'account_center', port: Number(process.env.EMBEDDED_PG_PORT ?? 54320), pgDir: path.join(dataDir, 'pg') });
runServerScript('db/seed.ts');
if (!dev) buildIfNeeded();
const server = await serve({ port, dev });

const url = process.env.APP_URL ?? `http://localhost:${port}`;
console.log(`\nAccount Center is running at ${url}\n\nDemo accounts (sign in at ${url}/sign-in):`);
for (const a of DEMO_ACCOUNTS) {
  console.log(`  ${a.label.padEnd(15)} username ${a.username.padEnd(9)} password "${a.password}"${a.pin ? `   or mobile ${a.mobile} with PIN ${a.pin}` : ''}`);
}
console.log(`\nMail and SMS sent by the app: ${url}/dev/mail\nPress Ctrl-C to stop.\n`);

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping ...`);
  await server.close();
  await embedded?.stop();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
