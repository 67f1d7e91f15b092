/**
 * `npm start`: the whole app on one machine. Embedded Postgres unless
 * DATABASE_URL is set, migrations, the first policy version, demo accounts on
 * the embedded demo only (scripts/start-plan.ts), a build when the sources
 * changed, then the server on HOSTNAME:PORT. Ctrl-C stops everything cleanly.
 */
import path from 'node:path';
import { DEMO_ACCOUNTS } from '../db/demo-accounts';
import { parseEnv } from '../lib/env-schema';
import { buildIfNeeded, dataDir, prepareRuntime, runServerScript } from './runtime';
import { serve } from './serve';
import { startPlan } from './start-plan';

const dev = process.argv.includes('--dev');
(process.env as Record<string, string>).NODE_ENV ??= dev ? 'development' : 'production';
const port = Number(process.env.PORT ?? 3000);

const { embedded } = await prepareRuntime({
  database: 'account_center',
  port: Number(process.env.EMBEDDED_PG_PORT ?? 54320),
  pgDir: process.env.EMBEDDED_PG_DIR ? path.resolve(process.env.EMBEDDED_PG_DIR) : path.join(dataDir, 'pg'),
});
const plan = startPlan(parseEnv(process.env), !!embedded);
// Read by the /dev/mail page in this process; its own rule still refuses https and Resend.
process.env.DEV_MAIL_VIEWER = String(plan.devMailViewer);
runServerScript('db/seed.ts', plan.seedDemo ? ['--demo'] : []);
if (!dev) buildIfNeeded();
const server = await serve({ port, dev, hostname: plan.host });

const url = process.env.APP_URL ?? `http://localhost:${port}`;
console.log(`\nAccount Center is running at ${url} (listening on ${plan.host}:${port})\n`);
if (plan.seedDemo) {
  console.log(`Demo accounts (sign in at ${url}/sign-in):`);
  for (const a of DEMO_ACCOUNTS) {
    console.log(`  ${a.label.padEnd(15)} username ${a.username.padEnd(9)} password "${a.password}"${a.pin ? `   or mobile ${a.mobile} with PIN ${a.pin}` : ''}`);
  }
} else {
  console.log(`No demo accounts (SEED_DEMO=true creates them). Sign in at ${url}/sign-in; npm run admin:create -- --username <name> --email <address> creates an administrator.`);
}
if (plan.mailViewerOpen) console.log(`\nMail and SMS sent by the app: ${url}/dev/mail`);
for (const notice of plan.notices) console.log(`\n${notice}`);
console.log('\nPress Ctrl-C to stop.\n');

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping ...`);
  try {
    await server.close();
  } catch (e) {
    console.error(`Stopping the server failed: ${(e as Error).message}`);
  } finally {
    // Whatever the server did, the embedded Postgres goes with it: a leftover would hold the port and the data dir.
    await embedded?.stop();
    process.exit(0);
  }
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
