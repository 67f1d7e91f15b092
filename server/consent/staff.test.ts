import { and, asc, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { auditLog, consentEvents, users } from '@/db/schema';
import { STAFF_CANNOT_GRANT } from '@/lib/validation/staff-consent';
import { newUser, type TestUser } from '@/test/vitest/reports';
import { confirmSubscription } from '@/test/vitest/use-cases/double-opt-in';
import { recordConsent } from './ledger';
import { EXPORT_COLLECTIONS } from '../privacy/collections';
import { preferencesView, setTopic } from '@/test/vitest/use-cases/consent-preferences';
import * as staffModule from './staff';
import { lookUpCustomerConsents, withdrawCustomerConsent } from '@/test/vitest/use-cases/consent-staff';
import { isSuppressed } from './suppression';
import { confirmationToken, ctx as customerCtx, ledger, states, unwrap } from '@/test/vitest/consent';

const SIGN_IN_AGAIN = 'Your session has ended. Sign in again to continue.';
const STAFF_ONLY = 'Only staff can do this.';
const NO_SUCH_CUSTOMER = 'No customer with that email or username';
const OWN_ACCOUNT = 'This is your own account: change your choices on your own Communications page.';
const TOO_MANY_LOOKUPS = 'You have looked up many customers in a short time. Try again in a little while.';

/*
 * Staff withdrawing a customer's consent at their request (source `admin`).
 * Real Postgres: the ledger, the audit log and the suppression list are read
 * back after each call.
 */

const NOW = new Date('2030-11-30T10:00:00Z');
const staffCtx = { ip: '198.51.100.20', userAgent: 'Staff browser 1.0' };
const REASON = 'Customer asked by phone on 30 Nov';

async function customerWith(...topics: ('product_updates' | 'offers' | 'newsletter')[]) {
  const c = await newUser();
  for (const topic of topics) await recordConsent(getDb(), { userId: c.id, topic, state: 'granted', source: 'settings', ...customerCtx }, NOW);
  return c;
}

const auditFor = (userId: string) => getDb().select().from(auditLog).where(eq(auditLog.subjectUserId, userId)).orderBy(asc(auditLog.id));
const adminRows = (userId: string) =>
  getDb()
    .select()
    .from(consentEvents)
    .where(and(eq(consentEvents.userId, userId), eq(consentEvents.source, 'admin')))
    .orderBy(asc(consentEvents.id));

/** Everything a staff call could write about a customer, to prove a refused call wrote nothing. */
async function footprint(c: TestUser) {
  return { ledger: (await ledger(c.id)).length, audit: (await auditFor(c.id)).length, states: await states(c.id), suppressed: await isSuppressed(getDb(), c.email) };
}

const withdraw = (actor: TestUser | null, userId: string, scope: string, extra: Record<string, unknown> = {}) =>
  withdrawCustomerConsent(actor?.actor ?? null, { userId, scope, state: 'withdrawn', reason: REASON, ...extra }, staffCtx, NOW);

describe('looking a customer up', () => {
  it('finds them by exact email (any case, spaces trimmed) or username, shows their topics, and audits each view', async () => {
    const staff = await newUser({ role: 'staff' });
    const c = await customerWith('offers');
    const byEmail = unwrap(await lookUpCustomerConsents(staff.actor, { customer: `  ${c.email.toUpperCase()} ` }, NOW));
    expect(byEmail).toEqual({ customer: { id: c.id, username: c.username, email: c.email }, states: { product_updates: 'withdrawn', offers: 'granted', newsletter: 'withdrawn' }, suppressed: false });
    const byName = unwrap(await lookUpCustomerConsents(staff.actor, { customer: c.username }, NOW));
    expect(byName.customer.id).toBe(c.id);
    expect((await auditFor(c.id)).map((a) => [a.actorUserId, a.actorRole, a.action, a.reason])).toEqual([
      [staff.id, 'staff', 'consent.viewed', null],
      [staff.id, 'staff', 'consent.viewed', null],
    ]);
  });

  it('answers an unknown, a partial or a non-active account the same neutral way, beside the field, and logs no view', async () => {
    const admin = await newUser({ role: 'admin' });
    const c = await newUser();
    await getDb().update(users).set({ status: 'scheduled_for_deletion' }).where(eq(users.id, c.id));
    for (const customer of ['nobody@example.test', c.email.slice(0, 8), c.username.slice(0, -1), `%${c.username.slice(3)}`, c.email]) {
      expect(await lookUpCustomerConsents(admin.actor, { customer }, NOW)).toEqual({ ok: false, fieldErrors: { customer: [NO_SUCH_CUSTOMER] } });
    }
    expect(await auditFor(c.id)).toEqual([]);
  });

  it('finds customers only: a staff or admin account is answered like an unknown one, and its view is not logged', async () => {
    const staff = await newUser({ role: 'staff' });
    const colleague = await newUser({ role: 'staff' });
    const admin = await newUser({ role: 'admin' });
    for (const other of [colleague, admin]) {
      for (const customer of [other.email, other.username]) {
        expect(await lookUpCustomerConsents(staff.actor, { customer }, NOW)).toEqual({ ok: false, fieldErrors: { customer: [NO_SUCH_CUSTOMER] } });
      }
      // An admin looking up another admin or a staff member gets the same.
      expect(await lookUpCustomerConsents(admin.actor, { customer: colleague.email }, NOW)).toEqual({ ok: false, fieldErrors: { customer: [NO_SUCH_CUSTOMER] } });
      expect(await auditFor(other.id)).toEqual([]);
    }
  });

  it('asks for something to look up, and refuses a staff member looking themselves up', async () => {
    const staff = await newUser({ role: 'staff' });
    expect(await lookUpCustomerConsents(staff.actor, { customer: '   ' }, NOW)).toEqual({ ok: false, fieldErrors: { customer: ['Enter the customer’s email address or username'] } });
    expect(await lookUpCustomerConsents(staff.actor, {}, NOW)).toMatchObject({ ok: false, fieldErrors: { customer: ['Enter the customer’s email address or username'] } });
    expect(await lookUpCustomerConsents(staff.actor, { customer: staff.email }, NOW)).toEqual({ ok: false, fieldErrors: { customer: [OWN_ACCOUNT] } });
  });

  it('refuses a customer posing as staff, and a call with no session, showing nothing and logging nothing', async () => {
    const c = await customerWith('offers');
    const poser = await newUser();
    const asStaff = { ...poser.actor, role: 'staff' as const };
    expect(await lookUpCustomerConsents(asStaff, { customer: c.email }, NOW)).toEqual({ ok: false, formError: STAFF_ONLY });
    expect(await lookUpCustomerConsents(null, { customer: c.email }, NOW)).toEqual({ ok: false, formError: SIGN_IN_AGAIN });
    // A demoted staff member's session still says staff: the database decides.
    const former = await newUser({ role: 'staff' });
    await getDb().update(users).set({ role: 'customer' }).where(eq(users.id, former.id));
    expect(await lookUpCustomerConsents(former.actor, { customer: c.email }, NOW)).toEqual({ ok: false, formError: STAFF_ONLY });
    expect(await auditFor(c.id)).toEqual([]);
  });

  it('limits one staff member to 60 look-ups an hour, found or not', async () => {
    const staff = await newUser({ role: 'staff' });
    const c = await newUser();
    for (let i = 0; i < 60; i++) expect((await lookUpCustomerConsents(staff.actor, { customer: i % 2 ? c.email : `x${i}@example.test` }, NOW)).ok).toBe(i % 2 === 1);
    expect(await lookUpCustomerConsents(staff.actor, { customer: c.email }, NOW)).toEqual({ ok: false, formError: TOO_MANY_LOOKUPS });
    expect((await auditFor(c.id)).length).toBe(30);
    // Another staff member is not affected; the first one can look up again after the lock.
    expect((await lookUpCustomerConsents((await newUser({ role: 'staff' })).actor, { customer: c.email }, NOW)).ok).toBe(true);
    expect((await lookUpCustomerConsents(staff.actor, { customer: c.email }, new Date(NOW.getTime() + 2 * 60 * 60_000))).ok).toBe(true);
  });
});

describe('withdrawing at the customer’s request', () => {
  it('one topic: one ledger row with source admin and the staff member’s IP and user agent, one audit entry with the reason', async () => {
    const staff = await newUser({ role: 'staff' });
    const c = await customerWith('offers', 'newsletter');
    const r = unwrap(await withdraw(staff, c.id, 'offers'));
    expect(r).toMatchObject({ withdrawn: ['offers'], newlySuppressed: false, suppressed: false, states: { product_updates: 'withdrawn', offers: 'withdrawn', newsletter: 'granted' } });
    const rows = await adminRows(c.id);
    expect(rows.map((e) => [e.topic, e.state, e.source, e.ip, e.userAgent])).toEqual([['offers', 'withdrawn', 'admin', staffCtx.ip, staffCtx.userAgent]]);
    expect((await auditFor(c.id)).map((a) => [a.actorUserId, a.actorRole, a.action, a.reason, a.at.toISOString()])).toEqual([
      [staff.id, 'staff', 'consent.withdrawn', `Offers and promotions: ${REASON}`, NOW.toISOString()],
    ]);

    // Again: already off, so no ledger row and no audit entry, and the answer says nothing changed.
    expect(unwrap(await withdraw(staff, c.id, 'offers'))).toMatchObject({ withdrawn: [], newlySuppressed: false });
    expect(await adminRows(c.id)).toHaveLength(1);
    expect(await auditFor(c.id)).toHaveLength(1);
  });

  it('the customer sees the change as "admin" with no staff address, on the page and in the export; the ledger keeps it', async () => {
    const staff = await newUser({ role: 'staff' });
    const c = await customerWith('offers');
    unwrap(await withdraw(staff, c.id, 'offers'));
    const view = await preferencesView(c.id);
    expect(view!.history.map((h) => [h.topic, h.state, h.source, h.ip])).toEqual([
      ['offers', 'withdrawn', 'admin', null],
      ['offers', 'granted', 'settings', customerCtx.ip],
    ]);
    const coll = EXPORT_COLLECTIONS.find((x) => x.name === 'consent_history')!;
    const cols = Object.entries(coll.columns).map(([k, v]) => `${v} as "${k}"`).join(', ');
    const exported = (await getDb().execute(sql.raw(`select ${cols} from ${coll.from} where ${coll.where.replace('$1', `'${c.id}'`)} order by ${coll.orderBy}`))) as unknown as Record<string, unknown>[];
    expect(exported.map((r) => [r.source, r.ip, r.user_agent])).toEqual([
      ['settings', customerCtx.ip, customerCtx.userAgent],
      ['admin', null, null],
    ]);
  });

  it('all promotional email: a row per topic that was on, the address suppressed, one audit entry; repeating changes nothing', async () => {
    const admin = await newUser({ role: 'admin' });
    const c = await customerWith('product_updates', 'newsletter');
    const r = unwrap(await withdraw(admin, c.id, 'all'));
    expect(r).toMatchObject({ withdrawn: ['product_updates', 'newsletter'], newlySuppressed: true, suppressed: true });
    expect(await states(c.id)).toEqual({ product_updates: 'withdrawn', offers: 'withdrawn', newsletter: 'withdrawn' });
    expect((await adminRows(c.id)).map((e) => `${e.topic} ${e.state} ${e.ip}`)).toEqual([`product_updates withdrawn ${staffCtx.ip}`, `newsletter withdrawn ${staffCtx.ip}`]);
    expect(await isSuppressed(getDb(), c.email)).toBe(true);
    expect((await auditFor(c.id)).map((a) => [a.actorRole, a.action, a.reason])).toEqual([['admin', 'consent.withdrawn', `All promotional email: ${REASON}`]]);

    expect(unwrap(await withdraw(admin, c.id, 'all'))).toMatchObject({ withdrawn: [], newlySuppressed: false, suppressed: true });
    expect(await adminRows(c.id)).toHaveLength(2);
    expect(await auditFor(c.id)).toHaveLength(1);
  });

  it('all, for a customer with nothing on: no ledger row, but the address goes on the do-not-email list (and that is audited)', async () => {
    const staff = await newUser({ role: 'staff' });
    const c = await newUser();
    expect(unwrap(await withdraw(staff, c.id, 'all'))).toMatchObject({ withdrawn: [], newlySuppressed: true });
    expect(await ledger(c.id)).toEqual([]);
    expect((await auditFor(c.id)).map((a) => a.action)).toEqual(['consent.withdrawn']);
  });

  it('withdraws a topic waiting for the double opt-in: the customer’s pending link then confirms nothing', async () => {
    const staff = await newUser({ role: 'staff' });
    const c = await newUser({ verified: false });
    unwrap(await setTopic(c.actor, { topic: 'newsletter', subscribed: true }, customerCtx, NOW));
    expect((await states(c.id)).newsletter).toBe('pending');
    unwrap(await withdraw(staff, c.id, 'newsletter'));
    const confirmed = await confirmSubscription(await confirmationToken(c.id), customerCtx, NOW);
    expect(confirmed).toEqual({ ok: true, topics: [] });
    expect((await states(c.id)).newsletter).toBe('withdrawn');
    expect((await ledger(c.id)).map((e) => `${e.state} ${e.source}`)).toEqual(['pending settings', 'withdrawn admin']);
  });

  it('requires a reason, beside the field, and writes nothing without one', async () => {
    const staff = await newUser({ role: 'staff' });
    const c = await customerWith('offers');
    const before = await footprint(c);
    for (const reason of ['', '   ', undefined]) {
      const r = await withdraw(staff, c.id, 'offers', { reason });
      expect(r).toMatchObject({ ok: false, fieldErrors: { reason: [expect.stringMatching(/^Enter (the reason: how and when the customer asked|the reason)$/)] } });
    }
    expect(await withdraw(staff, c.id, 'offers', { reason: 'x'.repeat(1001) })).toMatchObject({ ok: false, fieldErrors: { reason: ['Use at most 1000 characters'] } });
    expect(await withdraw(staff, c.id, 'service')).toMatchObject({ ok: false, fieldErrors: { scope: ['Choose what the customer asked to stop'] } });
    expect(await footprint(c)).toEqual(before);
  });

  it('cannot grant: the schema refuses any state but withdrawn, and the module has no other way to change consent', async () => {
    const staff = await newUser({ role: 'admin' });
    const c = await newUser();
    const before = await footprint(c);
    for (const state of ['granted', 'pending', 'subscribed', true, undefined]) {
      const r = await withdraw(staff, c.id, 'offers', { state });
      // The action's answer: the state is a reference the form never lets the user type, so it is said above the form.
      expect(r).toEqual({ ok: false, formError: STAFF_CANNOT_GRANT });
    }
    expect(await footprint(c)).toEqual(before);
    // The whole surface of the staff path: a look-up and a withdrawal, nothing that grants.
    expect(Object.entries(staffModule).filter(([, v]) => typeof v === 'function').map(([k]) => k).sort()).toEqual(['lookUpCustomerConsents', 'withdrawCustomerConsent']);
    const [row] = (await getDb().execute(sql`select count(*)::int as n from consent_events where source = 'admin' and state <> 'withdrawn'`)) as unknown as { n: number }[];
    expect(row?.n).toBe(0);
  });

  it("a staff member cannot withdraw an admin's or a colleague's topics by posting their id: nothing written", async () => {
    const staff = await newUser({ role: 'staff' });
    for (const role of ['admin', 'staff'] as const) {
      const other = await newUser({ role });
      await recordConsent(getDb(), { userId: other.id, topic: 'offers', state: 'granted', source: 'settings', ...customerCtx }, NOW);
      const before = await footprint(other);
      expect(await withdraw(staff, other.id, 'offers'), role).toEqual({ ok: false, formError: NO_SUCH_CUSTOMER });
      expect(await withdraw(staff, other.id, 'all'), role).toEqual({ ok: false, formError: NO_SUCH_CUSTOMER });
      expect(await footprint(other)).toEqual(before);
      expect((await states(other.id)).offers).toBe('granted');
    }
  });

  it('refuses a customer posing as staff, no session, an unknown or own account: nothing written', async () => {
    const c = await customerWith('offers');
    const poser = await newUser();
    const before = await footprint(c);
    expect(await withdrawCustomerConsent({ ...poser.actor, role: 'admin' }, { userId: c.id, scope: 'offers', state: 'withdrawn', reason: REASON }, staffCtx, NOW)).toEqual({ ok: false, formError: STAFF_ONLY });
    expect(await withdraw(null, c.id, 'offers')).toEqual({ ok: false, formError: SIGN_IN_AGAIN });
    // The customer cannot use it on themselves either (their own page is the way, with source `settings`).
    expect(await withdraw(c, c.id, 'offers')).toEqual({ ok: false, formError: STAFF_ONLY });
    expect(await footprint(c)).toEqual(before);

    const staff = await newUser({ role: 'staff' });
    expect(await withdraw(staff, '00000000-0000-4000-8000-000000000000', 'offers')).toEqual({ ok: false, formError: NO_SUCH_CUSTOMER });
    expect(await withdraw(staff, 'not-a-uuid', 'offers')).toMatchObject({ ok: false, formError: 'That customer was not found. Look them up again.' });
    expect(await withdraw(staff, staff.id, 'offers')).toEqual({ ok: false, formError: OWN_ACCOUNT });
  });
});
