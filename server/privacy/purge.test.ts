import { eq, inArray, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { ownerSql } from '@/scripts/testing/owner-db';
import { accountTombstones, auditLog, conversationEvents, conversations, orders } from '@/db/schema';
import { isSuppressed } from '../consent/suppression';
import { JOBS } from '../jobs/worker';
import { newUser, type TestUser } from '@/test/vitest/reports';
import { cancelDeletionByToken, keepAccount, scheduleDeletion } from '@/test/vitest/use-cases/deletion';
import { purgeDueAccounts } from './purge';
import { actorOf, cancelTokenFor, ctx, DAY, dumpAll, identifying, richCustomer, scanFor, userRow, type RichCustomer } from '@/test/vitest/privacy';

/*
 * The purge after the grace period: the completeness scan (every text, varchar
 * and jsonb column of every public table, read from Postgres), another
 * customer's rows byte for byte, idempotence, a crash halfway, and cancelled
 * schedules never purged.
 */

const T0 = new Date('2030-05-04T08:00:00Z');
const GRACE = 14 * DAY;
const db = () => getDb();
let staff: { reviewer: TestUser; admin: TestUser };

beforeAll(async () => {
  staff = { reviewer: await newUser({ role: 'staff' }), admin: await newUser({ role: 'admin' }) };
});

async function scheduled(first: string, last: string) {
  const c = await richCustomer({ first, last }, staff, T0);
  expect((await scheduleDeletion(actorOf(c, T0), { confirmation: 'DELETE' }, ctx, T0)).ok).toBe(true);
  return c;
}

/** The rows of every table that mention this customer (their id, identifiers or report): their part of the dump. */
function rowsAbout(dump: Record<string, string[]>, c: RichCustomer) {
  const markers = [c.id, ...identifying(c), `"report_id":${c.reportId},`, ...c.conversationIds.map((id) => `"conversation_id":${id},`)];
  return Object.fromEntries(Object.entries(dump).map(([t, rows]) => [t, rows.filter((r) => markers.some((m) => r.toLowerCase().includes(m.toLowerCase())))]));
}

describe('purging accounts after the grace period', () => {
  let victim: RichCustomer, other: RichCustomer;
  let before: Record<string, string[]>;

  beforeAll(async () => {
    victim = await scheduled('Wilhelmina', 'Quayle-Thistlewood');
    other = await richCustomer({ first: 'Barnaby', last: 'Oakenshield' }, staff, T0);
    before = await dumpAll();
  });

  it('the scan sees the customer everywhere before the purge (it would catch a leftover)', async () => {
    const hits = await scanFor(identifying(victim));
    const tables = new Set(hits.map((h) => h.split('.')[0]));
    for (const t of ['users', 'profiles', 'outbox', 'verifications', 'throttles', 'reports', 'report_events', 'audit_log', 'conversations', 'conversation_events']) expect(tables, t).toContain(t);
  });

  it('does nothing before the date', async () => {
    expect(await purgeDueAccounts(db(), new Date(T0.getTime() + GRACE - 1))).toEqual({ purged: 0 });
    expect(await dumpAll()).toEqual(before);
  });

  it('after the date: zero hits for email, username, mobile, name and address in every text column of every table', async () => {
    const when = new Date(T0.getTime() + GRACE + 60_000);
    expect(await purgeDueAccounts(db(), when)).toEqual({ purged: 1 });
    expect(await scanFor(identifying(victim))).toEqual([]);
    expect(await userRow(victim.id)).toBeUndefined();
    // What is kept: purchases without the person, a tombstone, the suppressed address (as a hash), staff access entries without their text.
    const kept = await db().select().from(orders).where(sql`${orders.reference} like ${`AC-%`} and ${orders.anonymizedAt} is not null`);
    expect(kept).toHaveLength(2);
    expect(kept.every((o) => o.userId === null && o.anonymizedAt!.getTime() === when.getTime())).toBe(true);
    expect(await db().select().from(accountTombstones)).toEqual([{ userId: victim.id, requestedAt: T0, purgedAt: when, ordersAnonymized: 2 }]);
    expect(await isSuppressed(db(), victim.email)).toBe(true);
    const audit = await db().select().from(auditLog).where(eq(auditLog.subjectUserId, victim.id));
    expect(audit.length).toBeGreaterThanOrEqual(4);
    expect(audit.every((a) => a.reason === null)).toBe(true);
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['report.claimed', 'report.viewed', 'staff.promoted', 'staff.demoted', 'message.claimed', 'message.replied']));
    // Both contact messages are gone with their threads: the one written signed in, and the one from their address signed out.
    for (const id of victim.conversationIds) expect(await db().select().from(conversations).where(eq(conversations.id, id))).toEqual([]);
    expect(await db().select().from(conversationEvents).where(inArray(conversationEvents.conversationId, victim.conversationIds))).toEqual([]);
  });

  it("another customer's rows are byte for byte what they were, and so is every row not about the purged customer", async () => {
    const after = await dumpAll();
    const otherBefore = rowsAbout(before, other);
    expect(Object.values(otherBefore).flat().length).toBeGreaterThan(30);
    expect(rowsAbout(after, other)).toEqual(otherBefore);
    const aboutVictim = rowsAbout(before, victim);
    for (const [table, rows] of Object.entries(before)) {
      const untouched = rows.filter((r) => !aboutVictim[table]!.includes(r));
      const missing = untouched.filter((r) => !after[table]!.includes(r));
      expect(missing, `${table}: rows not about the purged customer that changed or vanished`).toEqual([]);
    }
    // The only new rows: the tombstone, the suppression, and the anonymized orders and blanked audit entries.
    const added = Object.entries(after).flatMap(([t, rows]) => rows.filter((r) => !before[t]!.includes(r)).map(() => t));
    expect([...new Set(added)].sort()).toEqual(['account_tombstones', 'audit_log', 'orders', 'suppressions']);
  });

  it('running again changes nothing', async () => {
    const once = await dumpAll();
    expect(await purgeDueAccounts(db(), new Date(T0.getTime() + 30 * DAY))).toEqual({ purged: 0 });
    expect(await dumpAll()).toEqual(once);
  });
});

describe('a crash halfway', () => {
  it('leaves the account exactly as it was (still scheduled); the next run purges it; a third finds nothing', async () => {
    const c = await scheduled('Octavia', 'Pemberton-Vane');
    // Fail the transaction at its last step, as a crash would: nothing of it may survive. (A trigger is the owner's to create.)
    await ownerSql().unsafe(`
      create function test_crash() returns trigger language plpgsql as $$ begin raise exception 'simulated crash'; end $$;
      create trigger test_crash before insert on account_tombstones for each row execute function test_crash();`);
    const before = await dumpAll();
    const when = new Date(T0.getTime() + GRACE + 1);
    await expect(purgeDueAccounts(db(), when)).rejects.toThrow(/1 account\(s\) failed/);
    expect(await dumpAll()).toEqual(before);
    expect((await userRow(c.id))!.status).toBe('scheduled_for_deletion');
    await ownerSql().unsafe('drop trigger test_crash on account_tombstones; drop function test_crash();');
    expect(await purgeDueAccounts(db(), when)).toEqual({ purged: 1 });
    expect(await scanFor(identifying(c))).toEqual([]);
    const done = await dumpAll();
    expect(await purgeDueAccounts(db(), when)).toEqual({ purged: 0 });
    expect(await dumpAll()).toEqual(done);
  });

  it('one failing account does not hold up the others', async () => {
    const a = await scheduled('Peregrine', 'Ashdown');
    const b = await scheduled('Rosalind', 'Ashdown');
    // Only `a` fails: its tombstone insert is refused.
    await ownerSql().unsafe(`
      create function test_crash() returns trigger language plpgsql as $$ begin if new.user_id = '${a.id}' then raise exception 'simulated crash'; end if; return new; end $$;
      create trigger test_crash before insert on account_tombstones for each row execute function test_crash();`);
    await expect(purgeDueAccounts(db(), new Date(T0.getTime() + GRACE + 1))).rejects.toThrow(/1 account\(s\) failed and stay scheduled; 1 purged/);
    expect((await userRow(a.id))!.status).toBe('scheduled_for_deletion');
    expect(await userRow(b.id)).toBeUndefined();
    await ownerSql().unsafe('drop trigger test_crash on account_tombstones; drop function test_crash();');
    expect(await purgeDueAccounts(db(), new Date(T0.getTime() + GRACE + 1))).toEqual({ purged: 1 });
  });
});

describe('cancelled within the grace period', () => {
  it('by signing in ("Keep my account") or by the emailed link: nothing is ever purged, everything is kept', async () => {
    const bySignIn = await scheduled('Sebastian', 'Winterbourne');
    const byLink = await scheduled('Theodora', 'Winterbourne');
    expect((await keepAccount(actorOf(bySignIn), ctx, new Date(T0.getTime() + 2 * DAY))).ok).toBe(true);
    expect((await cancelDeletionByToken(await cancelTokenFor(byLink.id), ctx, new Date(T0.getTime() + 13 * DAY))).ok).toBe(true);
    const hitsBefore = await scanFor(identifying(bySignIn));
    const before = await dumpAll();
    expect(await purgeDueAccounts(db(), new Date(T0.getTime() + 60 * DAY))).toEqual({ purged: 0 });
    expect(await dumpAll()).toEqual(before);
    expect(hitsBefore.length).toBeGreaterThan(10);
    for (const c of [bySignIn, byLink]) expect((await userRow(c.id))!.status).toBe('active');
  });

  it('a disabled account whose schedule is due is left alone (the purge re-checks the status)', async () => {
    const c = await scheduled('Ulysses', 'Blackwood');
    await db().execute(sql`update users set status = 'disabled' where id = ${c.id}`);
    expect(await purgeDueAccounts(db(), new Date(T0.getTime() + 60 * DAY))).toEqual({ purged: 0 });
    expect(await userRow(c.id)).toBeDefined();
  });

  it('runs as a cron job every 10 minutes', () => {
    expect(JOBS.find((j) => j.name === 'purge-deleted-accounts')).toMatchObject({ cron: '*/10 * * * *', run: purgeDueAccounts });
  });
});
