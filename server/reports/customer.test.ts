import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { reports } from '@/db/schema';
import { updateProfile } from '@/test/vitest/use-cases/profile';
import { listQueue } from './queue';
import { getReportForStaff } from '@/test/vitest/use-cases/reports-staff';
import {
  answerReport,
  confirmReportWithCode,
  confirmReportWithReauth,
  disputedItems,
  getMyReport,
  listMyReports,
  purgeExpiredDrafts,
  resendReportCode,
  startReport,
  withdrawReport,
} from '@/test/vitest/use-cases/reports-customer';
import { at, DAY, eventsOf, HOUR, latestCode, mailsTo, MIN, newUser, raiseVerified, reauthed, reportRow, snapshot, unwrap } from '@/test/vitest/reports';
import { claimReport, requestInformation } from '@/test/vitest/use-cases/reports-staff';

const T0 = new Date('2030-05-01T10:00:00Z');
const base = { item: 'profile.fullName', proposedValue: 'Ada King', explanation: 'My name was misspelled.' };

describe('raising a report', () => {
  it('stays an unconfirmed draft until the emailed code comes back, then is due in 30 days', async () => {
    const u = await newUser();
    await updateProfile(u.id, 1, { fullName: 'Ada Kingg' }, undefined, T0);
    const started = unwrap(await startReport(u.actor, { ...base, statement: 'Please keep this on file.' }, T0));
    expect(started).toMatchObject({ confirmed: false, method: 'code', sentTo: u.email });
    const draft = await reportRow(started.id);
    expect(draft).toMatchObject({ status: 'unverified', currentValue: 'Ada Kingg', proposedValue: 'Ada King', statement: 'Please keep this on file.', profileVersion: 2, dueAt: null, verifiedAt: null });
    // Not disputed yet, not in the queue.
    expect(await disputedItems(u.id)).toEqual(new Set());
    const mails = await mailsTo(u.id);
    expect(mails.at(-1)!.subject).toBe(`Your code to confirm report #${started.id}`);
    expect(mails.at(-1)!.text).not.toContain('Ada King');

    const code = await latestCode(u.id);
    const confirmed = await confirmReportWithCode(u.actor, started.id, { code: code.toLowerCase() }, at(T0, 2 * MIN));
    expect(confirmed).toEqual({ ok: true, data: { id: started.id } });
    const row = await reportRow(started.id);
    expect(row).toMatchObject({ status: 'submitted', verifiedAt: at(T0, 2 * MIN), dueAt: at(T0, 2 * MIN + 30 * DAY) });
    expect(await disputedItems(u.id)).toEqual(new Set(['profile.fullName']));
    expect((await mailsTo(u.id)).at(-1)!.subject).toBe(`We received your report #${started.id}`);
    expect((await eventsOf(started.id)).map((e) => [e.kind, e.status, e.internal])).toEqual([['status', 'submitted', false]]);
  });

  it('a re-authentication in the last 5 minutes counts: accepted at once, no code', async () => {
    const u = await newUser();
    const started = unwrap(await startReport(reauthed(u, at(T0, -4 * MIN)), base, T0));
    expect(started).toEqual({ id: started.id, confirmed: true });
    expect((await reportRow(started.id)).status).toBe('submitted');
    expect((await mailsTo(u.id)).map((m) => m.subject)).toEqual([`We received your report #${started.id}`]);
  });

  it('a re-authentication older than 5 minutes does not count', async () => {
    const u = await newUser();
    const started = unwrap(await startReport(reauthed(u, at(T0, -6 * MIN)), base, T0));
    expect(started.confirmed).toBe(false);
  });

  it('without a confirmed email, the customer confirms with their password instead', async () => {
    const u = await newUser({ verified: false });
    const started = unwrap(await startReport(u.actor, base, T0));
    expect(started).toEqual({ id: started.id, confirmed: false, method: 'password' });
    expect(await mailsTo(u.id)).toEqual([]);
    expect(await confirmReportWithReauth(u.actor, started.id, T0)).toEqual({ ok: false, formError: 'Confirm your password first.' });
    expect(await resendReportCode(u.actor, started.id, T0)).toMatchObject({ ok: false });
    expect(await confirmReportWithReauth(reauthed(u, T0), started.id, at(T0, MIN))).toEqual({ ok: true, data: { id: started.id } });
    expect((await reportRow(started.id)).status).toBe('submitted');
  });

  it('normalizes the proposed value the way the item is stored', async () => {
    const u = await newUser();
    const a = unwrap(await startReport(reauthed(u, T0), { item: 'profile.postalCode', proposedValue: ' ls1 1aa ', explanation: 'Lower case' }, T0));
    expect((await reportRow(a.id)).proposedValue).toBe('LS1 1AA');
    const b = unwrap(await startReport(reauthed(u, T0), { item: 'mobile', proposedValue: '07700 900456', explanation: 'New number' }, T0));
    expect((await reportRow(b.id)).proposedValue).toBe('+447700900456');
  });

  it('works for items the customer cannot edit themselves: account creation date, username', async () => {
    const u = await newUser();
    const a = unwrap(await startReport(reauthed(u, T0), { item: 'account.createdAt', proposedValue: '2028-12-31', explanation: 'I signed up the day before.' }, T0));
    expect(await reportRow(a.id)).toMatchObject({ currentValue: '2029-01-01', status: 'submitted' });
  });
});

describe('bad input gets a clear refusal and changes nothing', () => {
  const cases: [string, Record<string, unknown>, Record<string, string[]>][] = [
    ['missing everything', {}, { item: ['Choose what is wrong'], proposedValue: ['Enter the correct value'], explanation: ['Enter an explanation'] }],
    ['unknown item', { ...base, item: 'users.passwordHash' }, { item: ['Choose what is wrong from the list'] }],
    ['empty correct value', { ...base, proposedValue: '   ' }, { proposedValue: ['Enter the correct value'] }],
    ['empty explanation', { ...base, explanation: ' ' }, { explanation: ['Tell us why it is wrong'] }],
    ['10 kB explanation', { ...base, explanation: 'x'.repeat(10_240) }, { explanation: ['Use at most 2000 characters'] }],
    ['10 kB statement', { ...base, statement: 'é'.repeat(10_240) }, { statement: ['Use at most 2000 characters'] }],
    ['10 kB correct value', { ...base, proposedValue: 'y'.repeat(10_240) }, { proposedValue: ['Use at most 200 characters'] }],
    ['invalid email', { ...base, item: 'email', proposedValue: 'not-an-email' }, { proposedValue: ['Enter a valid email address, like name@example.com'] }],
    ['invalid country', { ...base, item: 'profile.country', proposedValue: 'Narnia' }, { proposedValue: ['Choose a country from the list'] }],
    ['date in the future', { ...base, item: 'profile.dateOfBirth', proposedValue: '2999-01-01' }, { proposedValue: ['Your date of birth cannot be in the future'] }],
    ['control characters', { ...base, explanation: 'a\u0000b' }, { explanation: ['Remove control characters'] }],
    ['wrong types', { item: 5, proposedValue: ['x'], explanation: { a: 1 } }, { item: ['Choose what is wrong'], proposedValue: ['The correct value must be text'], explanation: ['An explanation must be text'] }],
  ];
  it.each(cases)('%s', async (_name, input, fieldErrors) => {
    const u = await newUser();
    const before = await snapshot();
    const r = await startReport(u.actor, input, T0);
    expect(r).toEqual({ ok: false, fieldErrors });
    expect(await snapshot()).toEqual(before);
  });

  it('a correct value equal to what we hold is refused', async () => {
    const u = await newUser();
    const before = await snapshot();
    expect(await startReport(u.actor, { ...base, item: 'email', proposedValue: u.email.toUpperCase() }, T0)).toEqual({
      ok: false,
      fieldErrors: { proposedValue: ['That is already what we hold. Enter the value it should be.'] },
    });
    expect(await snapshot()).toEqual(before);
  });

  it('a wrong code six times: five count, then the code is dead; the report stays an unconfirmed draft', async () => {
    const u = await newUser();
    const { id } = unwrap(await startReport(u.actor, base, T0));
    const code = await latestCode(u.id);
    const wrong = code === 'AAAAAAAA' ? 'BBBBBBBB' : 'AAAAAAAA';
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await confirmReportWithCode(u.actor, id, { code: wrong }, at(T0, i * 1000)));
    expect(answers.map((a) => (a.ok ? 'ok' : a.fieldErrors?.code?.[0]))).toEqual([
      'That code is not right. Check it and try again.',
      'That code is not right. Check it and try again.',
      'That code is not right. Check it and try again.',
      'That code is not right. Check it and try again.',
      'Too many wrong codes. Ask for a new one.',
      'That code has expired or was used up. Ask for a new one.',
    ]);
    // Even the right code is refused now.
    expect(await confirmReportWithCode(u.actor, id, { code }, at(T0, 10_000))).toMatchObject({ ok: false, fieldErrors: { code: ['That code has expired or was used up. Ask for a new one.'] } });
    expect((await reportRow(id)).status).toBe('unverified');
    // A new code works.
    unwrap(await resendReportCode(u.actor, id, at(T0, MIN)));
    expect(await confirmReportWithCode(u.actor, id, { code: await latestCode(u.id) }, at(T0, 2 * MIN))).toMatchObject({ ok: true });
  });

  it('an expired code (after 10 minutes) is refused', async () => {
    const u = await newUser();
    const { id } = unwrap(await startReport(u.actor, base, T0));
    const code = await latestCode(u.id);
    expect(await confirmReportWithCode(u.actor, id, { code }, at(T0, 10 * MIN))).toEqual({ ok: false, fieldErrors: { code: ['That code has expired or was used up. Ask for a new one.'] } });
    expect((await reportRow(id)).status).toBe('unverified');
  });

  it('a code is single use and bound to its report', async () => {
    const u = await newUser();
    const a = unwrap(await startReport(u.actor, base, T0));
    const codeA = await latestCode(u.id);
    const b = unwrap(await startReport(u.actor, { ...base, item: 'profile.city', proposedValue: 'York' }, T0));
    const codeB = await latestCode(u.id);
    expect(await confirmReportWithCode(u.actor, b.id, { code: codeA }, T0)).toMatchObject({ ok: false, fieldErrors: { code: ['That code is not right. Check it and try again.'] } });
    unwrap(await confirmReportWithCode(u.actor, a.id, { code: codeA }, T0));
    expect(await confirmReportWithCode(u.actor, a.id, { code: codeA }, T0)).toEqual({ ok: false, formError: 'This report is already confirmed.' });
    unwrap(await confirmReportWithCode(u.actor, b.id, { code: codeB }, T0));
  });

  it('code requests are limited to 3 per 15 minutes', async () => {
    const u = await newUser();
    const { id } = unwrap(await startReport(u.actor, base, T0));
    unwrap(await resendReportCode(u.actor, id, T0));
    unwrap(await resendReportCode(u.actor, id, T0));
    expect(await resendReportCode(u.actor, id, T0)).toEqual({ ok: false, formError: 'You asked for several codes in a short time. Wait 15 minutes and try again.' });
    unwrap(await resendReportCode(u.actor, id, at(T0, 16 * MIN)));
  });

  it('one open report per item: a second is refused while the first is open', async () => {
    const u = await newUser();
    const first = await raiseVerified(u, base, T0);
    const before = await snapshot();
    expect(await startReport(reauthed(u, T0), { ...base, proposedValue: 'Ada Q. King' }, T0)).toEqual({
      ok: false,
      fieldErrors: { item: [`You already have an open report about your full name (#${first}). Add to it there, or wait for our answer.`] },
    });
    expect(await snapshot()).toEqual(before);
    unwrap(await withdrawReport(u.actor, first, T0));
    unwrap(await startReport(reauthed(u, T0), { ...base, proposedValue: 'Ada Q. King' }, T0));
  });

  it("a report on another customer's item is impossible: a forged user id is ignored, another's report id is not found", async () => {
    const mallory = await newUser();
    const victim = await newUser();
    await updateProfile(victim.id, 1, { fullName: 'Victim Name' }, undefined, T0);
    const r = unwrap(await startReport(reauthed(mallory, T0), { ...base, userId: victim.id, proposedValue: 'Forged' }, T0));
    const row = await reportRow(r.id);
    expect(row.userId).toBe(mallory.id);
    expect(row.currentValue).toBeNull();
    expect(await disputedItems(victim.id)).toEqual(new Set());
    const victimDraft = unwrap(await startReport(victim.actor, base, T0));
    const before = await snapshot();
    expect(await confirmReportWithCode(mallory.actor, victimDraft.id, { code: await latestCode(victim.id) }, T0)).toEqual({ ok: false, formError: 'That report was not found.' });
    expect(await snapshot()).toEqual(before);
    expect(await getMyReport(mallory.id, victimDraft.id, T0)).toBeNull();
  });
});

describe('unconfirmed drafts expire after 24 hours and are never shown to staff', () => {
  it('hidden from the queue and the review page while unconfirmed; gone for the customer after 24 h; purged', async () => {
    const u = await newUser();
    const staff = await newUser({ role: 'staff' });
    const { id } = unwrap(await startReport(u.actor, base, T0));
    const queue = await listQueue(staff.actor, { status: 'all', assigned: 'any', overdue: false }, null, T0, 1000);
    expect(queue!.rows.map((r) => r.id)).not.toContain(id);
    expect(await getReportForStaff(staff.actor, id, T0)).toBeNull();
    expect(await claimReport(staff.actor, id, T0)).toEqual({ ok: false, formError: 'That report was not found.' });

    expect((await listMyReports(u.id, at(T0, 23 * HOUR))).map((r) => r.id)).toContain(id);
    const code = await latestCode(u.id);
    // The code itself lives 10 minutes; a fresh one asked for at 23h59 still cannot confirm a draft past 24 h.
    unwrap(await resendReportCode(u.actor, id, at(T0, 24 * HOUR - MIN)));
    const late = await latestCode(u.id);
    expect(late).not.toBe(code);
    expect(await confirmReportWithCode(u.actor, id, { code: late }, at(T0, 24 * HOUR))).toEqual({
      ok: false,
      formError: 'This report was not confirmed within 24 hours, so it expired. Raise it again.',
    });
    expect((await listMyReports(u.id, at(T0, 24 * HOUR))).map((r) => r.id)).not.toContain(id);
    expect(await getMyReport(u.id, id, at(T0, 24 * HOUR))).toBeNull();
    expect(await purgeExpiredDrafts(at(T0, 24 * HOUR + MIN))).toBeGreaterThanOrEqual(1);
    expect(await getDb().select().from(reports).where(eq(reports.id, id))).toEqual([]);
  });
});

describe('withdraw and answer', () => {
  it('withdrawing an open report closes it and clears the dispute; a draft is simply deleted', async () => {
    const u = await newUser();
    const id = await raiseVerified(u, base, T0);
    expect(await withdrawReport(u.actor, id, at(T0, HOUR))).toEqual({ ok: true, data: { id, status: 'withdrawn' } });
    expect(await reportRow(id)).toMatchObject({ status: 'withdrawn', decidedAt: at(T0, HOUR) });
    expect(await disputedItems(u.id)).toEqual(new Set());
    expect((await mailsTo(u.id)).at(-1)!.subject).toBe(`Report #${id}: withdrawn`);
    expect(await withdrawReport(u.actor, id, at(T0, HOUR))).toEqual({ ok: false, formError: 'This report is already withdrawn: it cannot be withdrawn.' });
    const draft = unwrap(await startReport(u.actor, { ...base, item: 'profile.city', proposedValue: 'Leeds' }, T0));
    expect(await withdrawReport(u.actor, draft.id, T0)).toEqual({ ok: true, data: { id: draft.id, status: 'deleted' } });
    expect(await getDb().select().from(reports).where(eq(reports.id, draft.id))).toEqual([]);
  });

  it('the customer answers a request for information; the report goes back to its reviewer', async () => {
    const u = await newUser();
    const staff = await newUser({ role: 'staff' });
    const id = await raiseVerified(u, base, T0);
    expect(await answerReport(u.actor, id, { answer: 'Too early' }, T0)).toEqual({ ok: false, formError: 'We are not waiting for information on this report.' });
    unwrap(await claimReport(staff.actor, id, T0));
    unwrap(await requestInformation(staff.actor, id, { question: 'Can you send proof?' }, at(T0, HOUR)));
    expect(await answerReport(u.actor, id, { answer: '' }, T0)).toEqual({ ok: false, fieldErrors: { answer: ['Enter your answer'] } });
    expect(await answerReport(u.actor, id, { answer: 'x'.repeat(10_240) }, T0)).toEqual({ ok: false, fieldErrors: { answer: ['Use at most 2000 characters'] } });
    expect(await answerReport(u.actor, id, { answer: 'My passport says Ada King.' }, at(T0, 2 * HOUR))).toEqual({ ok: true, data: { id, status: 'in_review' } });
    const mine = await getMyReport(u.id, id, at(T0, 2 * HOUR));
    expect(mine!.timeline.map((e) => [e.kind, e.status, e.body, e.by])).toEqual([
      ['status', 'submitted', null, 'You'],
      ['status', 'in_review', null, 'Staff member'],
      ['status', 'needs_information', 'Can you send proof?', 'Staff member'],
      ['answer', null, 'My passport says Ada King.', 'You'],
      ['status', 'in_review', null, 'You'],
    ]);
    // Internal claim notes never reach the customer's timeline.
    expect(mine!.timeline.every((e) => !e.internal)).toBe(true);
    expect((await eventsOf(id)).some((e) => e.internal)).toBe(true);
  });
});
