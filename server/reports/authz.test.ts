import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_QUEUE_FILTERS } from '@/lib/reports';
import { updateProfile } from '@/test/vitest/use-cases/profile';
import type { Actor } from '../core/actor';
import * as customer from '@/test/vitest/use-cases/reports-customer';
import * as queue from './queue';
import * as roles from '@/test/vitest/use-cases/staff-roles';
import * as staff from '@/test/vitest/use-cases/reports-staff';
import { at, latestCode, MIN, newUser, reauthed, snapshot, unwrap, type TestUser } from '@/test/vitest/reports';

/*
 * Every customer-side and staff-side function, called with another customer's
 * identity and with none (and staff decisions with another staff member's
 * identity): each is refused and nothing in the database changes.
 */

const T0 = new Date('2030-10-01T09:00:00Z');
let victim: TestUser, intruder: TestUser, reviewer: TestUser, otherReviewer: TestUser, admin: TestUser;
let draft: number, open: number, waiting: number, claimed: number, code: string;

beforeAll(async () => {
  victim = await newUser();
  intruder = await newUser();
  reviewer = await newUser({ role: 'staff' });
  otherReviewer = await newUser({ role: 'staff' });
  admin = await newUser({ role: 'admin' });
  await updateProfile(victim.id, 1, { fullName: 'Victor Victim', city: 'Oxford', company: 'Acme' }, undefined, T0);
  // Confirmed by a fresh re-authentication (no code mail), so the code limit is left for the draft below.
  const raise = async (item: string, proposedValue: string) => unwrap(await customer.startReport(reauthed(victim, T0), { item, proposedValue, explanation: 'wrong' }, T0)).id;
  open = await raise('profile.city', 'Cambridge');
  waiting = await raise('profile.company', 'Acme Ltd');
  claimed = await raise('profile.preferredName', 'Vic');
  unwrap(await staff.claimReport(reviewer.actor, waiting, T0));
  unwrap(await staff.requestInformation(reviewer.actor, waiting, { question: 'Proof?' }, T0));
  unwrap(await staff.claimReport(reviewer.actor, claimed, T0));
  draft = unwrap(await customer.startReport(victim.actor, { item: 'profile.fullName', proposedValue: 'Victor Victor', explanation: 'typo' }, T0)).id;
  code = await latestCode(victim.id);
});

type Row = { name: string; call: (a: Actor | null) => Promise<unknown>; refused: (r: unknown) => boolean; skip?: ('intruder' | 'none')[] };
const failed = (r: unknown) => (r as { ok?: boolean })?.ok === false;
const isNull = (r: unknown) => r === null;
const now = () => at(T0, MIN);

const customerRows: Row[] = [
  // Raising a report is about the caller's own data: another customer raising one raises their own (see customer.test.ts), so only "none" applies.
  { name: 'startReport', call: (a) => customer.startReport(a, { item: 'profile.city', proposedValue: 'Leeds', explanation: 'x' }, now()), refused: failed, skip: ['intruder'] },
  { name: 'confirmReportWithCode', call: (a) => customer.confirmReportWithCode(a, draft, { code }, now()), refused: failed },
  { name: 'confirmReportWithReauth', call: (a) => customer.confirmReportWithReauth(a && { ...a, reauthenticatedAt: now() }, draft, now()), refused: failed },
  { name: 'resendReportCode', call: (a) => customer.resendReportCode(a, draft, now()), refused: failed },
  { name: 'withdrawReport (open)', call: (a) => customer.withdrawReport(a, open, now()), refused: failed },
  { name: 'withdrawReport (draft)', call: (a) => customer.withdrawReport(a, draft, now()), refused: failed },
  { name: 'answerReport', call: (a) => customer.answerReport(a, waiting, { answer: 'here' }, now()), refused: failed },
  // Pages read with the session's user id: another customer's id shows only that customer's own data.
  { name: 'getMyReport', call: (a) => customer.getMyReport(a?.userId ?? '00000000-0000-0000-0000-000000000000', open, now()), refused: isNull },
  { name: 'listMyReports', call: (a) => customer.listMyReports(a?.userId ?? '00000000-0000-0000-0000-000000000000', now()), refused: (r) => (r as { id: number }[]).every((x) => ![draft, open, waiting, claimed].includes(x.id)) },
  { name: 'disputedItems', call: (a) => customer.disputedItems(a?.userId ?? '00000000-0000-0000-0000-000000000000'), refused: (r) => (r as Set<string>).size === 0 },
  // The same read as a query the account page runs inside its one statement (server/account/pages.ts).
  { name: 'disputedQuery', call: async (a) => await customer.disputedQuery(a?.userId ?? '00000000-0000-0000-0000-000000000000'), refused: (r) => (r as unknown[]).length === 0 },
];

const staffRows: Row[] = [
  { name: 'listQueue', call: (a) => queue.listQueue(a, DEFAULT_QUEUE_FILTERS, null, now()), refused: isNull },
  { name: 'getReportForStaff', call: (a) => staff.getReportForStaff(a, open, now()), refused: isNull },
  { name: 'claimReport', call: (a) => staff.claimReport(a, open, now()), refused: failed },
  { name: 'claimNext', call: (a) => staff.claimNext(a, now()), refused: failed },
  { name: 'releaseReport', call: (a) => staff.releaseReport(a, claimed, now()), refused: failed },
  { name: 'reassignReport', call: (a) => staff.reassignReport(a, claimed, { staffId: a?.userId ?? reviewer.id }, now()), refused: failed },
  { name: 'approveReport', call: (a) => staff.approveReport(a, claimed, {}, now()), refused: failed },
  { name: 'rejectReport', call: (a) => staff.rejectReport(a, claimed, { reason: 'no' }, now()), refused: failed },
  { name: 'requestInformation', call: (a) => staff.requestInformation(a, claimed, { question: 'q' }, now()), refused: failed },
  { name: 'extendDeadline', call: (a) => staff.extendDeadline(a, claimed, { days: 10, reason: 'r' }, now()), refused: failed },
  { name: 'addInternalNote', call: (a) => staff.addInternalNote(a, claimed, { note: 'n' }, now()), refused: failed },
  { name: 'listStaff', call: (a) => roles.listStaff(a), refused: isNull },
  { name: 'promoteToStaff', call: (a) => roles.promoteToStaff(a, { user: a ? 'x' : victim.username, role: 'staff', reason: 'r' }, now()), refused: failed },
  { name: 'promoteToStaff (self)', call: (a) => roles.promoteToStaff(a, { user: victim.username, role: 'admin', reason: 'r' }, now()), refused: failed },
  { name: 'demoteStaff', call: (a) => roles.demoteStaff(a, { userId: reviewer.id, reason: 'r' }, now()), refused: failed },
];

/** Staff actions that need the claim, tried by a staff member who does not hold it. */
const claimRows = staffRows.filter((r) => ['releaseReport', 'approveReport', 'rejectReport', 'requestInformation', 'extendDeadline', 'addInternalNote', 'reassignReport', 'listStaff', 'promoteToStaff', 'demoteStaff'].includes(r.name));

const customerIdentities: [string, () => Actor | null, 'intruder' | 'none'][] = [
  ['another customer', () => intruder.actor, 'intruder'],
  ['another customer, just re-authenticated', () => reauthed(intruder, T0), 'intruder'],
  ['nobody signed in', () => null, 'none'],
];
describe.each(customerIdentities)('customer-side paths with %s', (_who, actorOf, key) => {
  it.each(customerRows.filter((r) => !r.skip?.includes(key)).map((r) => [r.name, r]))('%s is refused and changes nothing', async (_name, row) => {
    const before = await snapshot();
    const result = await row.call(actorOf());
    expect(row.refused(result), JSON.stringify(result)).toBe(true);
    expect(await snapshot()).toEqual(before);
  });
});

const staffIdentities: [string, () => Actor | null][] = [
  ['a customer (the report owner)', () => victim.actor],
  ['another customer', () => intruder.actor],
  ['a customer claiming to be staff', () => ({ ...intruder.actor, role: 'admin' })],
  // Issue 12: a staff member whose session did not pass two steps (password only) has no staff powers.
  ['a staff member whose session has one step only', () => ({ ...reviewer.actor, multiFactor: false })],
  ['an admin whose session has one step only', () => ({ ...admin.actor, multiFactor: false })],
  ['nobody signed in', () => null],
];
describe.each(staffIdentities)('staff-side paths as %s', (_who, actorOf) => {
  it.each(staffRows.map((r) => [r.name, r]))('%s is refused and changes nothing', async (_name, row) => {
    const before = await snapshot();
    const result = await row.call(actorOf());
    expect(row.refused(result), JSON.stringify(result)).toBe(true);
    expect(await snapshot()).toEqual(before);
  });
});

describe("staff-side paths with another staff member's claim (or a staff member where only admins may act)", () => {
  it.each(claimRows.map((r) => [r.name, r]))('%s is refused and changes nothing', async (_name, row) => {
    const before = await snapshot();
    const result = await row.call(otherReviewer.actor);
    expect(row.refused(result), JSON.stringify(result)).toBe(true);
    expect(await snapshot()).toEqual(before);
  });
});

describe('the table is complete', () => {
  it('lists every exported function of the report modules', () => {
    const exported = [customer, staff, roles].flatMap((m) => Object.entries(m).filter(([, v]) => typeof v === 'function').map(([k]) => k));
    const covered = new Set([...customerRows, ...staffRows].map((r) => r.name.split(' ')[0]));
    // purgeExpiredDrafts takes no identity: it is housekeeping, not a customer or staff path.
    expect(exported.filter((n) => !covered.has(n) && n !== 'purgeExpiredDrafts')).toEqual([]);
  });

  it('every server action builds its identity from the checked session and passes it on', () => {
    for (const file of ['app/(account)/account/reports/actions.ts', 'app/admin/reports/actions.ts', 'app/admin/staff/actions.ts']) {
      const src = readFileSync(path.resolve(import.meta.dirname, '../..', file), 'utf8');
      expect(src.startsWith("'use server';"), file).toBe(true);
      // Either a plain action that asks for the session's actor, or one defined through the action pipeline
      // (server/core/action.ts), which builds the actor from the checked session and hands it to `run` (which passes it
      // on to the use case, after the transaction: `fn(tx, actor, …)`).
      const bodies = src.split(/\nexport (?=async function |const \w+ = defineAction\()/).slice(1);
      expect(bodies.length, file).toBeGreaterThan(0);
      for (const body of bodies) {
        const pattern = body.startsWith('const ') ? /auth: '(customer|staff|admin)',[\s\S]*run: async \(\{[^}]*\bactor\b[^}]*\}\) => [\s\S]*\((?:tx, )?actor\b/ : /await sessionActor\(\)/;
        expect(body, `${file}: ${body.slice(0, 40)}`).toMatch(pattern);
      }
    }
  });
});

describe('the owner and the holder are not refused (the table would pass vacuously otherwise)', () => {
  it('the same calls succeed with the right identity', async () => {
    expect(await customer.getMyReport(victim.id, open, now())).not.toBeNull();
    expect(await staff.getReportForStaff(reviewer.actor, open, now())).not.toBeNull();
    expect(await staff.addInternalNote(reviewer.actor, claimed, { note: 'n' }, now())).toMatchObject({ ok: true });
    expect(await customer.answerReport(victim.actor, waiting, { answer: 'here' }, now())).toMatchObject({ ok: true });
    expect(await customer.confirmReportWithCode(victim.actor, draft, { code }, now())).toMatchObject({ ok: true });
  });
});
