import path from 'node:path';
import postgres from 'postgres';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../db/embedded';
import { committedMigrations, runMigrations } from '../../db/migrate';
import { APP_ROLE, asRole, ensureAppRoleLogin } from '../../db/roles';
import { QUEUE_NAMES } from '../../server/jobs/queue-names';

export const TEMPLATE_DB = 'ac_template';
const root = path.resolve(import.meta.dirname, '..', '..');

/** Replaces an admin URL's database name. */
export function withDatabase(adminUrl: string, database: string) {
  const u = new URL(adminUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * The Postgres server tests use: TEST_ADMIN_URL (any real server, e.g. Debian's
 * Postgres 15) when set, otherwise an embedded Postgres 18 under `.data/test-pg`.
 */
export async function ensureTestCluster(): Promise<{ adminUrl: string; embedded?: EmbeddedServer }> {
  if (process.env.TEST_ADMIN_URL) return { adminUrl: process.env.TEST_ADMIN_URL };
  const port = Number(process.env.TEST_PG_PORT ?? 54330);
  const password = 'test-only-password';
  const adminUrl = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  // Another test process (vitest beside Playwright, the bench) may already run it: share it, and leave stopping it to its owner.
  if (await reachable(adminUrl)) return { adminUrl };
  const embedded = await startEmbeddedPostgres({ dir: path.join(root, '.data', 'test-pg'), port, password });
  return { adminUrl: embedded.url('postgres'), embedded };
}

async function reachable(url: string) {
  const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/** Drops and re-creates a database (as a copy of the template when given). */
export async function recreateDatabase(adminUrl: string, name: string, template?: string) {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`drop database if exists "${name}" with (force)`);
    // Cloning fails while anyone else is connected to the template (another process checking it): retry briefly.
    for (let attempt = 1; ; attempt++) {
      try {
        await sql.unsafe(`create database "${name}"${template ? ` template "${template}"` : ''}`);
        break;
      } catch (e) {
        if (attempt >= 10 || !/being accessed by other users/.test(String(e))) throw e;
        await new Promise((r) => setTimeout(r, 300));
      }
    }
  } finally {
    await sql.end();
  }
}

/**
 * A migrated template; every test database is cloned from it. Rebuilt only when
 * it lacks a committed migration, so concurrent test processes do not drop it
 * under each other. The app role (cluster-wide) can then sign in with the
 * test password.
 */
export async function prepareTemplate(adminUrl: string) {
  const sql = postgres(withDatabase(adminUrl, TEMPLATE_DB), { max: 1, onnotice: () => {} });
  const applied = await sql`select count(*)::int as n from drizzle.__drizzle_migrations`.then((r) => r[0]!.n as number).catch(() => -1);
  const queues = await sql`select count(*)::int as n from pgboss.queue where name = any(${QUEUE_NAMES})`.then((r) => r[0]!.n as number).catch(() => -1).finally(() => sql.end());
  if (applied !== committedMigrations() || queues !== QUEUE_NAMES.length) {
    await recreateDatabase(adminUrl, TEMPLATE_DB);
    await runMigrations(withDatabase(adminUrl, TEMPLATE_DB));
  }
  await ensureAppRoleLogin(adminUrl, TEST_APP_PASSWORD);
}

/** The password of the app role on test clusters (the role is cluster-wide; tests only). */
const TEST_APP_PASSWORD = 'test-only-app-password';

/**
 * The URLs a test database is used through: `app` signs in as the app's own
 * role (what the app connects as, so tests see its real privileges), `owner`
 * as the admin that migrated the template (for what only an owner may do).
 */
export function testDatabaseUrls(adminUrl: string, database: string) {
  return { app: asRole(withDatabase(adminUrl, database), APP_ROLE, TEST_APP_PASSWORD), owner: withDatabase(adminUrl, database) };
}

/** Fixed secrets for tests only; never used by `npm start`. */
export const TEST_SECRETS = {
  AUTH_SECRET: 'test-auth-secret-0123456789abcdef0123456789abcdef',
  AUTH_PEPPER: 'test-pepper-0123456789abcdef0123456789abcdef',
};
