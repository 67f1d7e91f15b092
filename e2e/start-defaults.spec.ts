import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { verify } from '@node-rs/argon2';
import postgres from 'postgres';
import { DEMO_ACCOUNTS } from '../db/demo-accounts';
import { recreateDatabase, TEMPLATE_DB, TEST_SECRETS, withDatabase } from '../scripts/testing/cluster';
import { runScript } from '../scripts/testing/server-script';
import { e2eEnv, expect, test } from './fixtures';

/*
 * The real `npm start` (scripts/start.ts through tsx, as package.json runs it),
 * started here with different environments beside the e2e server, using the
 * build that server made: what a new operator gets by default (issue 11, points
 * 1 and 2; docs/decisions/017). Plain HTTP from Node, no browser.
 */

const root = path.resolve(import.meta.dirname, '..');
// Ports of their own, derived from the slot's e2e and test Postgres ports so parallel checkouts do not collide.
const PORT = Number(process.env.E2E_PORT ?? 3100) + 100;
const EMBEDDED_PG_PORT = Number(process.env.TEST_PG_PORT ?? 54330) + 10;
const EMBEDDED_PG_DIR = path.join(root, '.data', 'start-defaults-pg');
const DEMO_NAMES = DEMO_ACCOUNTS.map((a) => a.username);

interface Started {
  child: ChildProcess;
  output: () => string;
}

/** `npm start` with exactly these settings (nothing inherited that would change its defaults); resolves once it serves. */
async function npmStart(settings: Record<string, string>): Promise<Started> {
  const env: Record<string, string | undefined> = { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(PORT), RUN_WORKER: 'false', NEXT_TELEMETRY_DISABLED: '1', ...settings };
  if (!settings.DATABASE_URL) Object.assign(env, { EMBEDDED_PG_PORT: String(EMBEDDED_PG_PORT), EMBEDDED_PG_DIR });
  const child = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), ['scripts/start.ts'], { cwd: root, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (out += c));
  await new Promise<void>((resolve, reject) => {
    const check = setInterval(() => {
      if (out.includes('Press Ctrl-C to stop.')) done(resolve);
    }, 200);
    const failed = (code: number | null) => done(() => reject(new Error(`npm start exited (${code}) before serving:\n${out}`)));
    const done = (then: () => void) => {
      clearInterval(check);
      child.off('exit', failed);
      then();
    };
    child.on('exit', failed);
  });
  return { child, output: () => out };
}

/** Ctrl-C, as an operator stops it: the app and its embedded Postgres shut down cleanly. */
async function stop(app: Started | undefined) {
  if (app && app.child.exitCode === null) {
    const exited = new Promise((resolve) => app.child.once('exit', resolve));
    app.child.kill('SIGINT');
    await exited;
  }
  await noEmbeddedPostgresLeft();
}

/**
 * The next test starts its own embedded Postgres on the same port and data directory: one the last start left
 * running (seen once on CI under load; scripts/start.ts now stops it in a `finally`) would make it fail for a
 * reason that is not its own. Stops such a leftover and says so in the test's output.
 */
async function noEmbeddedPostgresLeft() {
  const pidFile = path.join(EMBEDDED_PG_DIR, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!pid || !alive()) return;
  console.warn(`start-defaults: the embedded Postgres (pid ${pid}) outlived npm start; stopping it`);
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 150 && alive(); i++) await new Promise((r) => setTimeout(r, 100));
}

const get = (urlPath: string, host = '127.0.0.1') => fetch(`http://${host}:${PORT}${urlPath}`, { redirect: 'manual' });

/** An IPv4 address of this machine other than loopback, if it has one. */
const externalAddress = () =>
  Object.values(networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

test.describe('npm start defaults', () => {
  test.describe.configure({ mode: 'serial', timeout: 300_000 });
  let app: Started | undefined;
  test.beforeAll(noEmbeddedPostgresLeft);
  test.afterEach(async () => {
    await stop(app);
    app = undefined;
  });

  test('the embedded demo listens on 127.0.0.1 only, has the demo accounts and /dev/mail, and warns about it', async () => {
    app = await npmStart({});
    expect(app.output()).toContain(`listening on 127.0.0.1:${PORT}`);
    expect(app.output()).toContain('password "granite kettle violet sky"');
    expect(app.output()).toContain('WARNING: /dev/mail is on (listening on 127.0.0.1): whoever reaches this server reads every email and SMS it sends');
    const mail = await get('/dev/mail');
    expect(mail.status).toBe(200);
    expect(await mail.text()).toContain('Development mail');
    const other = externalAddress();
    if (other) await expect(get('/dev/mail', other)).rejects.toThrow();
  });

  test('the embedded demo with HOSTNAME=0.0.0.0: /dev/mail answers 404, and nothing warns of it', async () => {
    app = await npmStart({ HOSTNAME: '0.0.0.0' });
    expect((await get('/sign-in')).status).toBe(200);
    expect((await get('/dev/mail')).status).toBe(404);
    expect(app.output()).toContain(`listening on 0.0.0.0:${PORT}`);
    expect(app.output()).toContain('/dev/mail is off: the server listens on 0.0.0.0');
    expect(app.output()).not.toContain('WARNING: /dev/mail is on');
    const other = externalAddress();
    if (other) expect((await get('/dev/mail', other)).status).toBe(404);
  });

  test('the embedded demo on an https APP_URL: /dev/mail answers 404, even with DEV_MAIL_VIEWER=true', async () => {
    app = await npmStart({ APP_URL: `https://localhost:${PORT}`, DEV_MAIL_VIEWER: 'true' });
    expect((await get('/sign-in')).status).toBe(200);
    expect((await get('/dev/mail')).status).toBe(404);
    expect(app.output()).toContain('DEV_MAIL_VIEWER=true is ignored: APP_URL is https://, so /dev/mail answers 404.');
    expect(app.output()).not.toContain('WARNING: /dev/mail is on');
  });

  test('with DATABASE_URL and no opt-in: no demo account, none left with a demo password, no /dev/mail', async () => {
    // As the cluster's owner: the app's own role may not create databases, and an operator's single-role DATABASE_URL owns its schema.
    const adminUrl = withDatabase(e2eEnv().DATABASE_OWNER_URL, 'postgres');
    await recreateDatabase(adminUrl, 'start_defaults', TEMPLATE_DB);
    const DATABASE_URL = withDatabase(adminUrl, 'start_defaults');
    const settings = { DATABASE_URL, ...TEST_SECRETS };
    const sql = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
    try {
      app = await npmStart(settings);
      expect(await sql`select username from users`).toEqual([]);
      expect(await sql`select version from policy_versions`).toHaveLength(1);
      expect((await get('/dev/mail', 'localhost')).status).toBe(404);
      expect(app.output()).toContain('No demo accounts');
      expect(app.output()).toContain('No administrator yet: npm run admin:create -- --username <name> --email <address>');
      for (const a of DEMO_ACCOUNTS) expect(app.output()).not.toContain(a.password);
      await stop(app);

      // A database an earlier version's `npm start` seeded with the demo accounts: the next start retires their passwords.
      expect(runScript('db/seed.ts', ['--demo'], { env: { ...process.env, ...settings } }).status).toBe(0);
      app = await npmStart(settings);
      expect(app.output()).toContain('WARNING: the account "admin" still had a published demo password or PIN');
      const rows = await sql<{ username: string; password_hash: string; pin_hash: string | null }[]>`select username, password_hash, pin_hash from users where username in ${sql(DEMO_NAMES)}`;
      expect(rows.map((r) => r.username).sort()).toEqual([...DEMO_NAMES].sort());
      const pepper = { secret: Buffer.from(TEST_SECRETS.AUTH_PEPPER) };
      for (const r of rows) {
        const demo = DEMO_ACCOUNTS.find((a) => a.username === r.username)!;
        expect(await verify(r.password_hash, demo.password, pepper), r.username).toBe(false);
        expect(r.pin_hash).toBeNull();
      }
    } finally {
      await sql.end();
    }
  });
});
