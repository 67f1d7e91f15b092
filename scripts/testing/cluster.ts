import path from 'node:path';
import postgres from 'postgres';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../db/embedded';
import { runMigrations } from '../../db/migrate';

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
  const embedded = await startEmbeddedPostgres({ dir: path.join(root, '.data', 'test-pg'), port, password: 'test-only-password' });
  return { adminUrl: embedded.url('postgres'), embedded };
}

/** Drops and re-creates a database (as a copy of the template when given). */
export async function recreateDatabase(adminUrl: string, name: string, template?: string) {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`drop database if exists "${name}" with (force)`);
    await sql.unsafe(`create database "${name}"${template ? ` template "${template}"` : ''}`);
  } finally {
    await sql.end();
  }
}

/** A freshly migrated template; every test database is cloned from it. */
export async function prepareTemplate(adminUrl: string) {
  await recreateDatabase(adminUrl, TEMPLATE_DB);
  await runMigrations(withDatabase(adminUrl, TEMPLATE_DB));
}

/** Fixed secrets for tests only; never used by `npm start`. */
export const TEST_SECRETS = {
  AUTH_SECRET: 'test-auth-secret-0123456789abcdef0123456789abcdef',
  AUTH_PEPPER: 'test-pepper-0123456789abcdef0123456789abcdef',
};
