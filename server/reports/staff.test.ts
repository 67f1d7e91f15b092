import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { profileChanges, reports, users, verifications } from '@/db/schema';
import { DEFAULT_QUEUE_FILTERS, describeDaysLeft, daysLeft, type QueueFilters } from '@/lib/reports';
import { getProfile, recentChanges, updateProfile } from '@/test/vitest/use-cases/profile';
import { completeReset, resetLinkIsValid } from '@/test/vitest/use-cases/recovery';
import { createLinkToken } from '../verifications';
import { answerReport, disputedItems, getMyReport, withdrawReport } from '@/test/vitest/use-cases/reports-customer';
import { listQueue, parseQueueQuery } from './queue';
import {
  addInternalNote,
  approveReport,
  claimNext,
  claimReport,
  extendDeadline,
  getReportForStaff,
  reassignReport,
  rejectReport,
  releaseReport,
  requestInformation,
} from '@/test/vitest/use-cases/reports-staff';
import { at, DAY, eventsOf, HOUR, mailsTo, newUser, raiseVerified, reportRow, snapshot, unwrap, type TestUser } from '@/test/vitest/reports';

const T0 = new Date('2030-06-01T09:00:00Z');
const name = { item: 'profile.fullName', proposedValue: 'Grace Hopper' };

async function customerWithName(value = 'Grace Hoper') {
  const u = await newUser();
  await updateProfile(u.id, 1, { fullName: value }, undefined, T0);
  return u;
}

describe('state machine', () => {
  it('submitted → in review (claim) → needs information → in review (answer) → corrected (approve)', async () => {
    const u = await customerWithName();
    const s = await newUser({ role: 'staff' });
    const id = await raiseVerified(u, name, T0);
    expect((await reportRow(id)).status).toBe('submitted');
    unwrap(await claimReport(s.actor, id, at(T0, HOUR)));
    expect(await reportRow(id)).toMatchObject({ status: 'in_review', claimedBy: s.id, claimedAt: at(T0, HOUR) });
    unwrap(await requestInformation(s.actor, id, { question: 'Which spelling is on your ID?' }, at(T0, 2 * HOUR)));
    expect((await reportRow(id)).status).toBe('needs_information');
    expect(await requestInformation(s.actor, id, { question: 'Again?' }, at(T0, 2 * HOUR))).toEqual({ ok: false, formError: 'This report is already waiting for the customer to answer.' });
    unwrap(await answerReport(u.actor, id, { answer: 'Hopper, two p.' }, at(T0, 3 * HOUR)));
    expect((await reportRow(id)).status).toBe('in_review');
    expect(await approveReport(s.actor, id, { note: 'Matches the ID.' }, at(T0, 4 * HOUR))).toEqual({ ok: true, data: { id, applied: 'profile' } });
    expect(await reportRow(id)).toMatchObject({ status: 'corrected', decidedAt: at(T0, 4 * HOUR) });
    // Every status change emailed the customer.
    expect((await mailsTo(u.id)).map((m) => m.subject)).toEqual([
      `Your code to confirm report #${id}`,
      `We received your report #${id}`,
      `Report #${id}: in review`,
      `Report #${id}: needs information`,
      `Report #${id}: in review`,
      `Report #${id}: corrected`,
    ]);
    // Terminal: nothing more can happen.
    for (const r of [
      await approveReport(s.actor, id, {}, T0),
      await rejectReport(s.actor, id, { reason: 'no' }, T0),
      await requestInformation(s.actor, id, { question: 'q' }, T0),
      await extendDeadline(s.actor, id, { days: 5, reason: 'r' }, T0),
      await claimReport(s.actor, id, T0),
      await releaseReport(s.actor, id, T0),
    ])
      expect(r).toEqual({ ok: false, formError: 'This report is already corrected: there is nothing left to decide.' });
    expect(await withdrawReport(u.actor, id, T0)).toEqual({ ok: false, formError: 'This report is already corrected: it cannot be withdrawn.' });
    expect(await disputedItems(u.id)).toEqual(new Set());
  });

  it('reject: closed with the reason the customer sees; the data is untouched', async () => {
    const u = await customerWithName();
    const s = await newUser({ role: 'staff' });
    const id = await raiseVerified(u, name, T0);
    unwrap(await claimReport(s.actor, id, T0));
    expect(await rejectReport(s.actor, id, { reason: '' }, T0)).toEqual({ ok: false, fieldErrors: { reason: ['Enter a reason the customer will see'] } });
    expect(await rejectReport(s.actor, id, { reason: 'z'.repeat(10_240) }, T0)).toEqual({ ok: false, fieldErrors: { reason: ['Use at most 1000 characters'] } });
    unwrap(await rejectReport(s.actor, id, { reason: 'Your ID shows the spelling we hold.' }, at(T0, HOUR)));
    expect((await reportRow(id)).status).toBe('rejected');
    expect((await getProfile(u.id)).fullName).toBe('Grace Hoper');
    const mine = await getMyReport(u.id, id, T0);
    expect(mine!.timeline.at(-1)).toMatchObject({ status: 'rejected', body: 'Your ID shows the spelling we hold.', by: 'Staff member' });
    expect((await mailsTo(u.id)).at(-1)!.text).toContain('Your ID shows the spelling we hold.');
  });

  it('only the reviewer holding the claim can act; others are told who holds it; admins release and reassign', async () => {
    const u = await customerWithName();
    const a = await newUser({ role: 'staff' });
    const b = await newUser({ role: 'staff' });
    const admin = await newUser({ role: 'admin' });
    const id = await raiseVerified(u, name, T0);
    expect(await approveReport(a.actor, id, {}, T0)).toEqual({ ok: false, formError: 'Claim this report first: only the reviewer holding it can act on it.' });
    unwrap(await claimReport(a.actor, id, T0));
    expect(await claimReport(a.actor, id, T0)).toEqual({ ok: true, data: { id } });
    expect(await claimReport(b.actor, id, T0)).toEqual({ ok: false, formError: `${a.username} is reviewing this report. Only they can act on it.` });
    const before = await snapshot();
    const held = { ok: false, formError: 'Another reviewer holds this report: only they can act on it.' };
    expect(await approveReport(b.actor, id, {}, T0)).toEqual(held);
    expect(await rejectReport(b.actor, id, { reason: 'no' }, T0)).toEqual(held);
    expect(await requestInformation(b.actor, id, { question: 'q' }, T0)).toEqual(held);
    expect(await extendDeadline(b.actor, id, { days: 3, reason: 'r' }, T0)).toEqual(held);
    expect(await addInternalNote(b.actor, id, { note: 'n' }, T0)).toEqual(held);
    expect(await releaseReport(b.actor, id, T0)).toEqual({ ok: false, formError: 'Another reviewer holds this report: only they or an administrator can release it.' });
    expect(await reassignReport(b.actor, id, { staffId: b.id }, T0)).toEqual({ ok: false, formError: 'Only administrators can reassign reports.' });
    expect(await approveReport(admin.actor, id, {}, T0)).toEqual(held);
    expect(await snapshot()).toEqual(before);

    unwrap(await reassignReport(admin.actor, id, { staffId: b.id }, at(T0, HOUR)));
    expect(await reportRow(id)).toMatchObject({ claimedBy: b.id, status: 'in_review' });
    expect(await addInternalNote(a.actor, id, { note: 'mine?' }, T0)).toEqual(held);
    unwrap(await addInternalNote(b.actor, id, { note: 'Checking the ID scan.' }, at(T0, 2 * HOUR)));
    expect(await reassignReport(admin.actor, id, { staffId: u.id }, T0)).toEqual({ ok: false, fieldErrors: { staffId: ['Choose an active staff member or administrator.'] } });
    unwrap(await releaseReport(admin.actor, id, at(T0, 3 * HOUR)));
    expect(await reportRow(id)).toMatchObject({ claimedBy: null, status: 'in_review' });
    expect(await releaseReport(b.actor, id, T0)).toEqual({ ok: false, formError: 'Nobody holds this report.' });
    unwrap(await claimReport(a.actor, id, at(T0, 4 * HOUR)));
    unwrap(await releaseReport(a.actor, id, at(T0, 5 * HOUR)));
    const internal = (await eventsOf(id)).filter((e) => e.internal).map((e) => [e.kind, e.body]);
    expect(internal).toEqual([
      ['assignment', `Claimed by ${a.username}`],
      ['assignment', `Assigned to ${b.username} by ${admin.username}`],
      ['note', 'Checking the ID scan.'],
      ['assignment', `Released by ${admin.username}`],
      ['assignment', `Claimed by ${a.username}`],
      ['assignment', `Released by ${a.username}`],
    ]);
    // The customer saw one move to "in review", nothing of the reshuffling.
    expect((await getMyReport(u.id, id, T0))!.timeline.map((e) => e.status)).toEqual(['submitted', 'in_review']);
  });

  it('nobody reviews their own report: claim, claim next and reassign refuse it', async () => {
    const s = await newUser({ role: 'staff' });
    const admin = await newUser({ role: 'admin' });
    await updateProfile(s.id, 1, { fullName: 'Staff Member' }, undefined, T0);
    const id = await raiseVerified(s, name, at(T0, -400 * DAY));
    expect(await claimReport(s.actor, id, T0)).toEqual({ ok: false, formError: 'This is your own report: another reviewer must handle it.' });
    const next = await claimNext(s.actor, T0);
    expect(next.ok && next.data?.id).not.toBe(id);
    expect(await reassignReport(admin.actor, id, { staffId: s.id }, T0)).toEqual({ ok: false, fieldErrors: { staffId: ['Nobody reviews their own report: choose someone else.'] } });
    expect((await reportRow(id)).claimedBy).toBeNull();
  });

  it('a decision re-checks "not your own report": a claim on one\'s own report that got through anyway decides nothing', async () => {
    const s = await newUser({ role: 'staff' });
    await updateProfile(s.id, 1, { fullName: 'Staff Member' }, undefined, T0);
    const id = await raiseVerified(s, name, T0);
    // Claiming refuses it, so the claim is put there directly, as a bug, a role change or a hand edit could.
    await getDb().update(reports).set({ claimedBy: s.id, claimedAt: T0, status: 'in_review' }).where(eq(reports.id, id));
    const before = await snapshot();
    const own = { ok: false, formError: 'This is your own report: another reviewer must handle it.' };
    expect(await approveReport(s.actor, id, {}, T0)).toEqual(own);
    expect(await rejectReport(s.actor, id, { reason: 'No.' }, T0)).toEqual(own);
    expect(await requestInformation(s.actor, id, { question: 'Really?' }, T0)).toEqual(own);
    expect(await extendDeadline(s.actor, id, { days: 5, reason: 'Checking records.' }, T0)).toEqual(own);
    expect(await addInternalNote(s.actor, id, { note: 'Mine.' }, T0)).toEqual(own);
    expect(await snapshot()).toEqual(before);
    expect((await getProfile(s.id)).fullName).toBe('Staff Member');
  });

  it('withdrawn by the customer while in review: staff can no longer act', async () => {
    const u = await customerWithName();
    const s = await newUser({ role: 'staff' });
    const id = await raiseVerified(u, name, T0);
    unwrap(await claimReport(s.actor, id, T0));
    unwrap(await withdrawReport(u.actor, id, at(T0, HOUR)));
    expect(await approveReport(s.actor, id, {}, T0)).toEqual({ ok: false, formError: 'This report is already withdrawn: there is nothing left to decide.' });
    expect((await getProfile(u.id)).fullName).toBe('Grace Hoper');
  });
});

describe('approve applies the correction in the same transaction', () => {
  it('profile item: version-checked write, history says "by staff, correction report #N"', async () => {
    const u = await customerWithName();
    const s = await newUser({ role: 'staff' });
    const id = await raiseVerified(u, name, T0);
    unwrap(await claimReport(s.actor, id, T0));
    const before = await getProfile(u.id);
    unwrap(await approveReport(s.actor, id, {}, at(T0, HOUR)));
    const after = await getProfile(u.id);
    expect(after).toMatchObject({ fullName: 'Grace Hopper', version: before.version + 1 });
    expect((await recentChanges(u.id, 1))[0]).toMatchObject({ field: 'fullName', kind: 'changed', actor: 'staff', reportId: id });
  });

  it('a value changed since the report forces a re-review: nothing applied, snapshot refreshed, then approvable', async () => {
    const u = await customerWithName();
    const s = await newUser({ role: 'staff' });
    const id = await raiseVerified(u, name, T0);
    unwrap(await claimReport(s.actor, id, T0));
    // The customer edits the field themselves in the meantime.
    const p = await getProfile(u.id);
    await updateProfile(u.id, p.version, { fullName: 'Grace B. Hoper' }, undefined, at(T0, HOUR));
    const historyBefore = await getDb().select().from(profileChanges).where(eq(profileChanges.userId, u.id));
    const r = await approveReport(s.actor, id, {}, at(T0, 2 * HOUR));
    expect(r).toEqual({
      ok: false,
      formError: "The customer's full name changed since this report was raised, so the correction was not applied. The report now shows the current value: review it again before deciding.",
    });
    expect((await getProfile(u.id)).fullName).toBe('Grace B. Hoper');
    expect(await getDb().select().from(profileChanges).where(eq(profileChanges.userId, u.id))).toEqual(historyBefore);
    expect(await reportRow(id)).toMatchObject({ status: 'in_review', currentValue: 'Grace B. Hoper', profileVersion: p.version + 1 });
    expect((await eventsOf(id)).at(-1)).toMatchObject({ kind: 'recheck', internal: true });
    const view = await getReportForStaff(s.actor, id, T0);
    expect(view!.now).toMatchObject({ value: 'Grace B. Hoper', changed: false });
    // Reviewed again: now it applies.
    unwrap(await approveReport(s.actor, id, {}, at(T0, 3 * HOUR)));
    expect((await getProfile(u.id)).fullName).toBe('Grace Hopper');
  });

  it('email: written to the account, marked unconfirmed, a confirmation link goes to the new address and the old one is told', async () => {
    const u = await newUser();
    const s = await newUser({ role: 'staff' });
    const newEmail = `${u.username}.fixed@example.test`;
    const id = await raiseVerified(u, { item: 'email', proposedValue: newEmail }, T0);
    unwrap(await claimReport(s.actor, id, T0));
    expect(await approveReport(s.actor, id, {}, at(T0, HOUR))).toEqual({ ok: true, data: { id, applied: 'email' } });
    const [row] = await getDb().select().from(users).where(eq(users.id, u.id));
    expect(row).toMatchObject({ email: newEmail, emailNormalized: newEmail, emailVerifiedAt: null });
    const mails = await mailsTo(u.id);
    expect(mails.filter((m) => m.recipient === newEmail).map((m) => m.subject)).toEqual(['Confirm your email address', `Report #${id}: corrected`]);
    expect(mails.filter((m) => m.recipient === u.email).at(-1)!.subject).toBe(`Report #${id}: corrected`);
    const links = await getDb().select().from(verifications).where(eq(verifications.userId, u.id));
    expect(links.some((l) => l.purpose === 'email_verify' && l.target === newEmail)).toBe(true);
    expect((await recentChanges(u.id, 1))[0]).toMatchObject({ field: 'email', actor: 'staff', reportId: id });
  });

  it('email: every reset link mailed to the old address dies with the correction', async () => {
    const u = await newUser();
    const s = await newUser({ role: 'staff' });
    const tokens = {
      password: await createLinkToken(getDb(), { purpose: 'password_reset', target: u.email, userId: u.id, minutes: 30 }, T0),
      pin: await createLinkToken(getDb(), { purpose: 'pin_reset', target: u.email, userId: u.id, minutes: 30 }, T0),
    };
    await getDb().update(users).set({ mobile: '+447700900333' }).where(eq(users.id, u.id)); // a PIN link needs a mobile to be valid
    expect(await resetLinkIsValid('password', tokens.password, T0)).toBe(true);
    expect(await resetLinkIsValid('pin', tokens.pin, T0)).toBe(true);
    const newEmail = `${u.username}.corrected@example.test`;
    const id = await raiseVerified(u, { item: 'email', proposedValue: newEmail }, T0);
    unwrap(await claimReport(s.actor, id, T0));
    unwrap(await approveReport(s.actor, id, {}, at(T0, HOUR)));
    const open = await getDb().select().from(verifications).where(sql`${verifications.userId} = ${u.id} and ${verifications.purpose} in ('password_reset', 'pin_reset') and ${verifications.consumedAt} is null`);
    expect(open).toEqual([]);
    expect(await completeReset('password', tokens.password, 'a corrected harbour passphrase', at(T0, HOUR))).toEqual({ ok: false, reason: 'invalid_link' });
    expect(await completeReset('pin', tokens.pin, '604918', at(T0, HOUR))).toEqual({ ok: false, reason: 'invalid_link' });
  });

  it("email taken by another account: refused, nothing changes", async () => {
    const u = await newUser();
    const other = await newUser();
    const s = await newUser({ role: 'staff' });
    const id = await raiseVerified(u, { item: 'email', proposedValue: other.email.toUpperCase() }, T0);
    unwrap(await claimReport(s.actor, id, T0));
    const before = await snapshot();
    expect(await approveReport(s.actor, id, {}, T0)).toEqual({
      ok: false,
      formError: 'Another account uses this email address, so the correction cannot be applied. Reject the report with a reason, or ask the customer for more information.',
    });
    expect(await snapshot()).toEqual(before);
  });

  it('mobile: written and marked unconfirmed; the PIN stays', async () => {
    const u = await newUser({ mobile: '+447700900111', pin: true });
    const s = await newUser({ role: 'staff' });
    await getDb().update(users).set({ mobile: null }).where(eq(users.mobile, '+447700900222'));
    const id = await raiseVerified(u, { item: 'mobile', proposedValue: '+44 7700 900222' }, T0);
    unwrap(await claimReport(s.actor, id, T0));
    expect(await approveReport(s.actor, id, {}, T0)).toEqual({ ok: true, data: { id, applied: 'mobile' } });
    const [row] = await getDb().select().from(users).where(eq(users.id, u.id));
    expect(row).toMatchObject({ mobile: '+447700900222', mobileVerifiedAt: null, pinHash: 'pin-hash' });
  });

  it('record items (account creation date): corrected with the note, no data changes', async () => {
    const u = await newUser();
    const s = await newUser({ role: 'staff' });
    const id = await raiseVerified(u, { item: 'account.createdAt', proposedValue: '2028-12-31' }, T0);
    unwrap(await claimReport(s.actor, id, T0));
    const [before] = await getDb().select().from(users).where(eq(users.id, u.id));
    expect(await approveReport(s.actor, id, { note: 'Our records show a migration date; your account was opened on 31 December 2028.' }, T0)).toEqual({
      ok: true,
      data: { id, applied: 'recorded' },
    });
    const [after] = await getDb().select().from(users).where(eq(users.id, u.id));
    expect(after).toEqual(before);
    expect((await getMyReport(u.id, id, T0))!.timeline.at(-1)).toMatchObject({ status: 'corrected', body: expect.stringContaining('31 December 2028') });
  });
});

describe('deadline and extension', () => {
  it('due 30 days after verification; extended once by 1–60 days with a reason the customer sees', async () => {
    const u = await customerWithName();
    const s = await newUser({ role: 'staff' });
    const id = await raiseVerified(u, name, T0);
    const due = at(T0, 30 * DAY);
    expect((await reportRow(id)).dueAt).toEqual(due);
    expect(daysLeft(due, T0)).toBe(30);
    expect(describeDaysLeft(due, at(T0, 29 * DAY + HOUR))).toBe('1 day left');
    expect(describeDaysLeft(due, at(T0, 30 * DAY + HOUR))).toBe('Overdue by 1 day');
    unwrap(await claimReport(s.actor, id, T0));
    const bad: [unknown, Record<string, string[]>][] = [
      [{ days: 0, reason: 'r' }, { days: ['Extend by at least 1 day'] }],
      [{ days: 61, reason: 'r' }, { days: ['Extend by at most 60 days'] }],
      [{ days: 2.5, reason: 'r' }, { days: ['Enter whole days, from 1 to 60'] }],
      [{ days: 'many', reason: 'r' }, { days: ['Enter a number of days from 1 to 60'] }],
      [{ days: 10, reason: '' }, { reason: ['Enter a reason the customer will see'] }],
    ];
    for (const [input, fieldErrors] of bad) expect(await extendDeadline(s.actor, id, input, T0)).toEqual({ ok: false, fieldErrors });
    expect((await reportRow(id)).dueAt).toEqual(due);
    const r = await extendDeadline(s.actor, id, { days: '60', reason: 'We are waiting for a copy of the register.' }, at(T0, DAY));
    expect(r).toEqual({ ok: true, data: { id, dueAt: at(due, 60 * DAY) } });
    expect(await reportRow(id)).toMatchObject({ extended: true, extensionReason: 'We are waiting for a copy of the register.', dueAt: at(due, 60 * DAY) });
    expect(await extendDeadline(s.actor, id, { days: 1, reason: 'again' }, T0)).toEqual({ ok: false, formError: 'The deadline of this report was already extended once; it cannot be extended again.' });
    const mail = (await mailsTo(u.id)).at(-1)!;
    expect(mail.subject).toBe(`Report #${id}: we need more time`);
    expect(mail.text).toContain('We are waiting for a copy of the register.');
    expect((await getMyReport(u.id, id, T0))!.timeline.at(-1)).toMatchObject({ kind: 'extension', body: 'We are waiting for a copy of the register.', internal: false });
  });
});

describe('queue', () => {
  async function setUp() {
    const s = await newUser({ role: 'staff' });
    const other = await newUser({ role: 'staff' });
    const ids: number[] = [];
    // Seven reports verified a day apart: due dates ascend with the ids.
    const customers: TestUser[] = [];
    for (let i = 0; i < 7; i++) {
      const u = await customerWithName();
      customers.push(u);
      ids.push(await raiseVerified(u, name, at(T0, i * DAY)));
    }
    return { s, other, ids, customers };
  }
  const ids = (page: Awaited<ReturnType<typeof listQueue>>) => page!.rows.map((r) => r.id);
  // Only this test's reports: every test in the file shares the database.
  const only = (page: Awaited<ReturnType<typeof listQueue>>, mine: number[]) => ids(page).filter((id) => mine.includes(id));

  it('sorted by due date, filtered by status, assignment and overdue, paged by keyset', async () => {
    const { s, other, ids: all, customers } = await setUp();
    unwrap(await claimReport(s.actor, all[1], T0));
    unwrap(await claimReport(other.actor, all[2], T0));
    unwrap(await requestInformation(other.actor, all[2], { question: 'q?' }, T0));
    unwrap(await claimReport(s.actor, all[3], T0));
    unwrap(await rejectReport(s.actor, all[3], { reason: 'no' }, T0));
    unwrap(await withdrawReport(customers[4]!.actor, all[4], T0));
    const f = (x: Partial<QueueFilters>): QueueFilters => ({ ...DEFAULT_QUEUE_FILTERS, ...x });
    const now = at(T0, 32 * DAY + HOUR); // the first three are overdue
    expect(only(await listQueue(s.actor, f({}), null, now, 100), all)).toEqual([all[0], all[1], all[2], all[5], all[6]]);
    expect(only(await listQueue(s.actor, f({ status: 'needs_information' }), null, now, 100), all)).toEqual([all[2]]);
    expect(only(await listQueue(s.actor, f({ status: 'rejected' }), null, now, 100), all)).toEqual([all[3]]);
    expect(only(await listQueue(s.actor, f({ status: 'all' }), null, now, 100), all)).toEqual(all);
    expect(only(await listQueue(s.actor, f({ assigned: 'mine' }), null, now, 100), all)).toEqual([all[1]]);
    expect(only(await listQueue(other.actor, f({ assigned: 'mine' }), null, now, 100), all)).toEqual([all[2]]);
    expect(only(await listQueue(s.actor, f({ assigned: 'unassigned' }), null, now, 100), all)).toEqual([all[0], all[5], all[6]]);
    expect(only(await listQueue(s.actor, f({ overdue: true }), null, now, 100), all)).toEqual([all[0], all[1], all[2]]);
    expect(only(await listQueue(s.actor, f({ overdue: true, assigned: 'unassigned' }), null, now, 100), all)).toEqual([all[0]]);
    const row = (await listQueue(s.actor, f({}), null, now, 100))!.rows.find((r) => r.id === all[1])!;
    expect(row).toMatchObject({ itemLabel: 'Full name', status: 'in_review', claimedBy: { id: s.id, username: s.username } });

    // Keyset pages of 2 walk the whole open queue once, in order, without repeats.
    const seen: number[] = [];
    let after: string | null = null;
    for (let i = 0; i < 50; i++) {
      const page: Awaited<ReturnType<typeof listQueue>> = await listQueue(s.actor, f({}), after, now, 2);
      seen.push(...ids(page));
      after = page!.next;
      if (!after) break;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => all.includes(id))).toEqual([all[0], all[1], all[2], all[5], all[6]]);
    const dues = await getDb().select({ id: reports.id, dueAt: reports.dueAt }).from(reports).where(sql`${reports.id} = any(${sql.raw(`array[${seen.join(',')}]`)})`);
    const dueOf = new Map(dues.map((d) => [d.id, d.dueAt!.getTime()]));
    expect(seen.map((id) => dueOf.get(id)!)).toEqual([...seen.map((id) => dueOf.get(id)!)].sort((a, b) => a - b));
  });

  it('claim next takes the unassigned report due soonest', async () => {
    const { s } = await setUp();
    const first = (await listQueue(s.actor, { ...DEFAULT_QUEUE_FILTERS, assigned: 'unassigned' }, null, T0, 1))!.rows[0]!;
    expect(await claimNext(s.actor, T0)).toEqual({ ok: true, data: { id: first.id } });
  });

  it('parses query strings leniently: unknown values fall back to the default view', () => {
    expect(parseQueueQuery(new URLSearchParams('status=bogus&assigned=mine&overdue=1&after=nope'))).toEqual({ filters: { status: 'open', assigned: 'mine', overdue: true }, after: null });
    expect(parseQueueQuery({ status: 'unverified' }).filters.status).toBe('open');
    expect(parseQueueQuery({ status: 'rejected', after: '2030-01-01T00:00:00.123456Z_42' })).toEqual({ filters: { status: 'rejected', assigned: 'any', overdue: false }, after: '2030-01-01T00:00:00.123456Z_42' });
  });
});
