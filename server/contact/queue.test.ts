import { and, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { auditLog, conversationEvents, conversations } from '@/db/schema';
import type { InboxFilters } from '@/lib/contact';
import { newUser } from '@/test/vitest/reports';
import { parseInboxQuery, listInbox } from './queue';
import { claimConversation, claimNextConversation, replyAsStaff } from './staff';
import { at, attempt, confirmedVisitorMessage, conversationRow, DAY, expectOk, submit, T0 } from '@/test/vitest/contact';

// Enough connections that the parallel transactions really run at once rather than queue for the pool.
process.env.DATABASE_POOL_MAX = '30';

const ALL: InboxFilters = { topic: 'any', status: 'all', due: 'any', assigned: 'any' };

async function messages(n: number, now = T0) {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) ids.push((await confirmedVisitorMessage({}, now)).id);
  return ids;
}

/** Unassigned open messages other tests left behind get a reviewer, so "claim next" sees only this test's. */
async function clearQueue() {
  const sweeper = await newUser({ role: 'staff' });
  await getDb().update(conversations).set({ claimedBy: sweeper.id }).where(eq(conversations.status, 'open'));
}

describe('claims under concurrency (FOR UPDATE SKIP LOCKED)', () => {
  it('20 concurrent claims on 10 messages: each message is claimed exactly once', async () => {
    const ids = await messages(10);
    const staff = await Promise.all(Array.from({ length: 20 }, () => newUser({ role: 'staff' })));
    // Two members of staff race for every message, all at the same time.
    const results = await Promise.all(
      staff.map((s, i) => attempt((tx) => claimConversation(tx, s.actor, { conversationId: ids[i % 10]! }, T0)).then((r) => ({ r, s, id: ids[i % 10]! }))),
    );
    const winners = results.filter((x) => x.r.ok);
    expect(winners).toHaveLength(10);
    expect(new Set(winners.map((w) => w.id)).size).toBe(10);
    for (const id of ids) {
      const winner = winners.find((w) => w.id === id)!;
      expect(await conversationRow(id)).toMatchObject({ status: 'open', claimedBy: winner.s.id });
      const claims = await getDb().select().from(auditLog).where(and(eq(auditLog.conversationId, id), eq(auditLog.action, 'message.claimed')));
      expect(claims).toHaveLength(1);
      const assignments = await getDb().select().from(conversationEvents).where(and(eq(conversationEvents.conversationId, id), eq(conversationEvents.kind, 'assignment')));
      expect(assignments).toHaveLength(1);
    }
    // The losers were told at once: who holds it, or that someone is taking it right now.
    for (const l of results.filter((x) => !x.r.ok)) expect(l.r).toMatchObject({ ok: false, codes: [expect.stringMatching(/^contact_(held_by|being_claimed)$/)] });
  });

  it('20 concurrent "claim next" on 10 messages: 10 distinct messages handed out, 10 staff get none', async () => {
    await clearQueue();
    const ids = await messages(10);
    const staff = await Promise.all(Array.from({ length: 20 }, () => newUser({ role: 'staff' })));
    const results = await Promise.all(staff.map((s) => attempt((tx) => claimNextConversation(tx, s.actor, T0))));
    const got = results.map((r) => expectOk(r)?.id).filter((id): id is number => id !== undefined);
    expect(got.sort()).toEqual([...ids].sort());
    expect(results.filter((r) => r.ok && r.data === null)).toHaveLength(10);
    const rows = await getDb().select().from(conversations).where(inArray(conversations.id, ids));
    expect(new Set(rows.map((r) => r.claimedBy)).size).toBe(10);
  });

  it('two answers at the same instant from the holder: both are kept, one after the other', async () => {
    const [id] = await messages(1);
    const s = await newUser({ role: 'staff' });
    expectOk(await attempt((tx) => claimConversation(tx, s.actor, { conversationId: id! }, T0)));
    const results = await Promise.all([1, 2].map((n) => attempt((tx) => replyAsStaff(tx, s.actor, { conversationId: id!, message: `Answer ${n}` }, T0))));
    expect(results.every((r) => r.ok)).toBe(true);
    const replies = await getDb().select().from(conversationEvents).where(and(eq(conversationEvents.conversationId, id!), eq(conversationEvents.kind, 'reply')));
    expect(replies.map((r) => r.body).sort()).toEqual(['Answer 1', 'Answer 2']);
  });
});

describe('the inbox: filters, due dates, pages', () => {
  it('filters by topic, status, due soon and overdue, and pages in due-date order without repeats', async () => {
    const staff = await newUser({ role: 'staff' });
    const now = at(40 * DAY);
    const overdue = (await confirmedVisitorMessage({ topic: 'data_deletion' }, T0)).id; // due T0 + 30 days: overdue at `now`
    const soon = (await confirmedVisitorMessage({ topic: 'stop_emails' }, at(15 * DAY))).id; // due at 45 days: within 7 days
    const later = (await confirmedVisitorMessage({ topic: 'stop_emails' }, at(39 * DAY))).id; // due at 69 days
    const answered = (await confirmedVisitorMessage({ topic: 'other' }, at(20 * DAY))).id;
    expectOk(await attempt((tx) => claimConversation(tx, staff.actor, { conversationId: answered }, now)));
    expectOk(await attempt((tx) => replyAsStaff(tx, staff.actor, { conversationId: answered, message: 'Done.' }, now)));
    const ids = async (f: Partial<InboxFilters>) => (await listInbox(getDb(), staff.actor, { ...ALL, ...f }, null, now, 1000))!.rows.map((r) => r.id);

    expect(await ids({ status: 'open', due: 'overdue' })).toContain(overdue);
    expect(await ids({ status: 'open', due: 'overdue' })).not.toContain(soon);
    expect(await ids({ due: 'soon' })).toContain(soon);
    expect(await ids({ due: 'soon' })).not.toContain(later);
    expect(await ids({ due: 'soon' })).not.toContain(overdue);
    expect(await ids({ topic: 'stop_emails' })).toEqual(expect.arrayContaining([soon, later]));
    expect(await ids({ topic: 'stop_emails' })).not.toContain(overdue);
    expect(await ids({ status: 'answered' })).toContain(answered);
    expect(await ids({ status: 'open' })).not.toContain(answered);
    // Overdue means we still owe an answer: an answered message past its date is not overdue.
    expect(await ids({ due: 'overdue' })).not.toContain(answered);
    expect(await ids({ assigned: 'mine' })).toEqual([answered]);
    expect(await ids({ assigned: 'unassigned' })).not.toContain(answered);

    const row = (await listInbox(getDb(), staff.actor, { ...ALL, topic: 'data_deletion', due: 'overdue' }, null, now, 1000))!.rows.find((r) => r.id === overdue)!;
    expect(row).toMatchObject({ from: 'visitor', status: 'open', daysLeft: -10, claimedBy: null, topic: 'data_deletion' });
    // The list holds no personal data: no address, no text.
    expect(Object.keys(row).sort()).toEqual(['claimedBy', 'daysLeft', 'dueAt', 'from', 'id', 'lastActivityAt', 'status', 'topic']);

    // Pages of 2 walk the whole list once, in (due date, id) order.
    const seen: number[] = [];
    let after: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listInbox>> = await listInbox(getDb(), staff.actor, ALL, after, now, 2);
      seen.push(...page!.rows.map((r) => r.id));
      after = page!.next;
    } while (after);
    expect(seen).toEqual(await ids({}));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('unknown query values fall back to the default view', () => {
    expect(parseInboxQuery({ topic: 'refunds', status: 'gone', due: ['soon', 'overdue'], assigned: 'everyone', after: "'; drop table x" })).toEqual({
      filters: { topic: 'any', status: 'open', due: 'soon', assigned: 'any' },
      after: null,
    });
    expect(parseInboxQuery(new URLSearchParams('topic=stop_emails&status=closed&after=2030-01-01T00:00:00.000000Z_12'))).toEqual({
      filters: { topic: 'stop_emails', status: 'closed', due: 'any', assigned: 'any' },
      after: '2030-01-01T00:00:00.000000Z_12',
    });
  });

  it('unconfirmed messages appear in no view', async () => {
    const staff = await newUser({ role: 'staff' });
    await submit(null, {});
    const rows = (await listInbox(getDb(), staff.actor, ALL, null, T0, 10_000))!.rows;
    const statuses = await getDb().select({ id: conversations.id, status: conversations.status }).from(conversations).where(inArray(conversations.id, rows.map((r) => r.id)));
    expect(statuses.every((s) => s.status !== 'unverified')).toBe(true);
  });
});
