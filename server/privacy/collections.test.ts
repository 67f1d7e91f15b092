import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { ownerSql } from '@/scripts/testing/owner-db';
import { EXPORT_COLLECTIONS, EXPORT_EXCLUSIONS } from './collections';

/**
 * Every table in the public schema with a column referring to a user: a
 * foreign key to users.id, or a uuid column named like *user_id (audit_log and
 * account_tombstones keep user ids without a foreign key on purpose).
 */
async function tablesReferringToUsers(): Promise<string[]> {
  const rows = await getDb().execute<{ table_name: string }>(sql`
    select distinct c.table_name from information_schema.columns c
    where c.table_schema = 'public' and c.table_name <> 'users' and c.data_type = 'uuid' and c.column_name like '%user_id'
    union
    select distinct src.relname from pg_constraint k
      join pg_class src on src.oid = k.conrelid
      join pg_namespace n on n.oid = src.relnamespace
    where k.contype = 'f' and k.confrelid = 'public.users'::regclass and n.nspname = 'public' and src.relname <> 'users'
    order by 1`);
  return rows.map((r) => r.table_name);
}

const exported = new Set<string>(EXPORT_COLLECTIONS.flatMap((c) => c.tables));

/** Tables referring to a user that are neither exported nor excluded with a reason. */
const undecided = (tables: string[]) => tables.filter((t) => !exported.has(t) && !Object.hasOwn(EXPORT_EXCLUSIONS, t));

describe('the export covers every table about a user', () => {
  it('every table with a column referring to a user is exported or excluded with a reason', async () => {
    const tables = await tablesReferringToUsers();
    expect(tables.length).toBeGreaterThan(10); // the query itself works: it finds sessions, reports, audit_log, …
    expect(tables).toEqual(expect.arrayContaining(['sessions', 'audit_log', 'account_tombstones', 'orders', 'report_events']));
    expect(undecided(tables), 'decide for each: add it to EXPORT_COLLECTIONS (server/privacy/collections.ts) or to EXPORT_EXCLUSIONS with a reason').toEqual([]);
  });

  it('a new table referring to a user fails until it is decided', async () => {
    // As a migration would: the owner creates tables (the app's role may not).
    await ownerSql()`create table loyalty_points (id serial primary key, user_id uuid references users(id), points int)`;
    await ownerSql()`create table referral_notes (id serial primary key, referred_user_id uuid, note text)`;
    try {
      expect(undecided(await tablesReferringToUsers())).toEqual(['loyalty_points', 'referral_notes']);
    } finally {
      await ownerSql()`drop table loyalty_points, referral_notes`;
    }
  });

  it('the lists name real tables, each once, and every exclusion gives a reason', async () => {
    const rows = await getDb().execute<{ table_name: string }>(sql`select table_name from information_schema.tables where table_schema = 'public'`);
    const all = new Set(rows.map((r) => r.table_name));
    for (const t of [...exported, ...Object.keys(EXPORT_EXCLUSIONS)]) expect(all.has(t), `${t} exists`).toBe(true);
    for (const t of Object.keys(EXPORT_EXCLUSIONS)) expect(exported.has(t), `${t} is both exported and excluded`).toBe(false);
    for (const reason of Object.values(EXPORT_EXCLUSIONS)) expect(reason.length).toBeGreaterThan(30);
    expect(new Set(EXPORT_COLLECTIONS.map((c) => c.name)).size).toBe(EXPORT_COLLECTIONS.length);
  });

  it('selects no secret column from any table', () => {
    const selected = EXPORT_COLLECTIONS.flatMap((c) => Object.values(c.columns)).join(' ');
    for (const secret of ['password_hash', 'code_hash', 'cancel_token_hash', 'idempotency_key', 'm.text', 'm.html', 'm.headers', 'claimed_by', 'actor_user_id']) {
      // pin_hash is only tested for presence (pin_set), never selected as a value.
      expect(selected.includes(secret), secret).toBe(false);
    }
    expect(selected).toContain('u.pin_hash is not null');
    expect(selected.replace('u.pin_hash is not null', '')).not.toContain('pin_hash');
  });
});
