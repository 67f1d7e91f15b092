import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { APP_ROLE, appliedMigrations, connectionRole, ensureAppRoleLogin } from './roles';
import { committedMigrations } from './migrate';

const migration = readFileSync(path.join(import.meta.dirname, '..', 'drizzle', '0008_app_role.sql'), 'utf8');
/** The migration's first statement: create the app role unless it exists. */
const createRoleBlock = migration.split('--> statement-breakpoint')[0]!;

describe('the app role on a shared cluster', () => {
  it('creating the role is idempotent and safe when several migrations run at once (roles are cluster-wide)', async () => {
    const role = `ac_role_test_${randomBytes(4).toString('hex')}`;
    const block = createRoleBlock.replaceAll(APP_ROLE, role);
    expect(block).toContain(`CREATE ROLE ${role} NOLOGIN`);
    const sql = postgres(process.env.DATABASE_OWNER_URL!, { max: 4, onnotice: () => {} });
    try {
      // The first creates the role and holds its transaction open; the others check, find no committed role,
      // try to create it too, wait on the first, and must not fail when it commits.
      const first = sql.begin(async (tx) => {
        await tx.unsafe(block);
        await tx`select pg_sleep(0.5)`;
      });
      await new Promise((r) => setTimeout(r, 150));
      const others = [1, 2, 3].map(() => sql.begin((tx) => tx.unsafe(block)));
      await Promise.all([first, ...others]);
      // Once it exists, running it again changes nothing.
      await sql.unsafe(block);
      expect(await sql`select rolname, rolcanlogin from pg_roles where rolname = ${role}`).toEqual([{ rolname: role, rolcanlogin: false }]);
    } finally {
      await sql.unsafe(`drop role if exists ${role}`);
      await sql.end();
    }
  });

  it('making it sign in changes nothing when it already can, however many processes ask at once', async () => {
    const owner = new URL(process.env.DATABASE_OWNER_URL!);
    const app = new URL(process.env.DATABASE_URL!);
    const password = decodeURIComponent(app.password);
    const urls = await Promise.all([1, 2, 3].map(() => ensureAppRoleLogin(owner.toString(), password)));
    for (const url of urls) expect(new URL(url).username).toBe(APP_ROLE);
    expect(await connectionRole(urls[0]!)).toEqual({ role: APP_ROLE, isAppRole: true, ownsAuditLog: false });
  });

  it('tells the owner apart from the app, and the app may read how far the schema is migrated', async () => {
    expect(await connectionRole(process.env.DATABASE_OWNER_URL!)).toMatchObject({ isAppRole: false, ownsAuditLog: true });
    expect(await appliedMigrations(process.env.DATABASE_URL!)).toBe(committedMigrations());
  });
});
