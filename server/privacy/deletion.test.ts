import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { accountDeletions, consentEvents, securityEvents, sessions } from '@/db/schema';
import { CANCEL_LINK_INVALID, STAFF_CANNOT_DELETE } from '@/lib/deletion';
import { NEEDS_REAUTH } from '@/lib/reauth';
import { verifyPasswordSignIn, verifyPinSignIn } from '../auth/credentials';
import { completeReset, resetLinkIsValid } from '@/test/vitest/use-cases/recovery';
import { loadSession } from '../auth/sessions';
import { createLinkToken } from '../verifications';
import { consentStates } from '../consent/ledger';
import { newUser, type TestUser } from '@/test/vitest/reports';
import { cancelDeletionByToken, deletionActorOf, deletionSchedule, keepAccount, peekCancelToken, scheduleDeletion } from '@/test/vitest/use-cases/deletion';
import { actorOf, cancelTokenFor, ctx, DAY, dumpAll, mailsTo, richCustomer, userRow, type RichCustomer } from '@/test/vitest/privacy';

const SIGN_IN_AGAIN = 'Your session has ended. Sign in again to continue.';

/*
 * Scheduling and cancelling a deletion: the transaction's effects, one
 * schedule and one email however often it is asked, the grace-period session
 * state, and authorization (another customer, nobody, a wrong token).
 */

const T0 = new Date('2030-03-02T10:00:00Z');
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);
const CONFIRM = { confirmation: 'DELETE' };
let staff: { reviewer: TestUser; admin: TestUser };

beforeAll(async () => {
  staff = { reviewer: await newUser({ role: 'staff' }), admin: await newUser({ role: 'admin' }) };
});

const customer = (first: string) => richCustomer({ first, last: 'Fairweather' }, staff, T0);
const deletionMails = async (id: string) => (await mailsTo(id)).filter((m) => m.subject === 'Your account is scheduled for deletion');

describe('scheduling', () => {
  it('ends every outstanding reset link: they stay dead when the deletion is cancelled', async () => {
    const c = await customer('Ottoline');
    const target = (await userRow(c.id))!.emailNormalized;
    const tokens = {
      password: await createLinkToken(getDb(), { purpose: 'password_reset', target, userId: c.id, minutes: 30 }, T0),
      pin: await createLinkToken(getDb(), { purpose: 'pin_reset', target, userId: c.id, minutes: 30 }, T0),
    };
    for (const kind of ['password', 'pin'] as const) expect(await resetLinkIsValid(kind, tokens[kind], T0)).toBe(true);
    expect((await scheduleDeletion(actorOf(c, T0), CONFIRM, ctx, T0)).ok).toBe(true);
    for (const kind of ['password', 'pin'] as const) expect(await resetLinkIsValid(kind, tokens[kind], T0)).toBe(false);
    expect((await cancelDeletionByToken(await cancelTokenFor(c.id), ctx, at(T0, 60_000))).ok).toBe(true);
    expect((await userRow(c.id))!.status).toBe('active');
    for (const kind of ['password', 'pin'] as const) {
      expect(await resetLinkIsValid(kind, tokens[kind], at(T0, 60_000))).toBe(false);
      expect(await completeReset(kind, tokens[kind], kind === 'pin' ? '604918' : 'after the grace period ends', at(T0, 60_000))).toEqual({ ok: false, reason: 'invalid_link' });
    }
  });

  it('refuses bad confirmations beside the field, without re-authentication, for nobody and for staff, writing nothing', async () => {
    const c = await customer('Bartholomew');
    const before = await dumpAll();
    for (const confirmation of ['', 'delete', 'DELET', 'DELETE ME', 42, undefined]) {
      const r = await scheduleDeletion(actorOf(c, T0), { confirmation }, ctx, T0);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.fieldErrors?.confirmation?.[0]).toMatch(/DELETE/);
    }
    expect(await scheduleDeletion(actorOf(c, null), CONFIRM, ctx, T0)).toEqual({ ok: false, formError: NEEDS_REAUTH });
    // The window is 5 minutes.
    expect(await scheduleDeletion(actorOf(c, new Date(T0.getTime() - 5 * 60_000)), CONFIRM, ctx, T0)).toEqual({ ok: false, formError: NEEDS_REAUTH });
    expect(await scheduleDeletion(null, CONFIRM, ctx, T0)).toEqual({ ok: false, formError: SIGN_IN_AGAIN });
    expect(await scheduleDeletion({ userId: staff.reviewer.id, sessionId: c.sessionId, reauthenticatedAt: T0 }, CONFIRM, ctx, T0)).toEqual({ ok: false, formError: STAFF_CANNOT_DELETE });
    expect(await dumpAll()).toEqual(before);
    expect((await userRow(c.id))!.status).toBe('active');
  });

  it('schedules in one go: the date, the status, every session revoked, marketing withdrawn in the ledger, a security event, one email with a cancel link', async () => {
    const c = await customer('Cordelia');
    expect(await consentStates(getDb(), c.id)).toMatchObject({ offers: 'granted', newsletter: 'pending' });
    const r = await scheduleDeletion(actorOf(c, T0), { confirmation: ' DELETE ' }, ctx, T0);
    const purgeAfter = new Date(T0.getTime() + 14 * DAY);
    expect(r).toEqual({ ok: true, data: { purgeAfter: purgeAfter.toISOString() } });
    expect(await deletionSchedule(c.id)).toEqual({ requestedAt: T0, purgeAfter });
    expect((await userRow(c.id))!.status).toBe('scheduled_for_deletion');
    const live = await getDb().select().from(sessions).where(eq(sessions.userId, c.id));
    expect(live.length).toBeGreaterThan(1);
    expect(live.every((s) => s.revokedAt && s.revokedReason === 'account_deletion')).toBe(true);
    expect(await consentStates(getDb(), c.id)).toEqual({ product_updates: 'withdrawn', offers: 'withdrawn', newsletter: 'withdrawn' });
    const ledger = await getDb().select().from(consentEvents).where(and(eq(consentEvents.userId, c.id), eq(consentEvents.source, 'account_deletion')));
    expect(ledger.map((e) => [e.topic, e.state]).sort()).toEqual([
      ['newsletter', 'withdrawn'],
      ['offers', 'withdrawn'],
    ]);
    const events = await getDb().select().from(securityEvents).where(eq(securityEvents.userId, c.id));
    expect(events.map((e) => [e.kind, e.ip, e.userAgent])).toEqual([['deletion_scheduled', ctx.ip, ctx.userAgent]]);
    const [mail] = await deletionMails(c.id);
    expect(mail!.recipient).toBe(c.email);
    expect(mail!.text).toContain('16 Mar 2030');
    const token = await cancelTokenFor(c.id);
    // Only an HMAC of the token is stored.
    const [row] = await getDb().select().from(accountDeletions).where(eq(accountDeletions.userId, c.id));
    expect(row!.cancelTokenHash).not.toContain(token);
    expect(await peekCancelToken(token)).toEqual({ purgeAfter });
  });

  it('a double click and concurrent requests make one schedule and one email, and every answer has the same date', async () => {
    const c = await customer('Desmond');
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => scheduleDeletion(actorOf(c, T0), CONFIRM, ctx, new Date(T0.getTime() + i))));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(new Set(results.map((r) => r.ok && r.data.purgeAfter)).size).toBe(1);
    expect(await getDb().select().from(accountDeletions).where(eq(accountDeletions.userId, c.id))).toHaveLength(1);
    expect(await deletionMails(c.id)).toHaveLength(1);
    expect(await getDb().select().from(securityEvents).where(eq(securityEvents.userId, c.id))).toHaveLength(1);
    // And a later click (from another tab) too.
    expect((await scheduleDeletion(actorOf(c, T0), CONFIRM, ctx, new Date(T0.getTime() + 60_000))).ok).toBe(true);
    expect(await deletionMails(c.id)).toHaveLength(1);
  });

  it("another customer's session schedules only that customer's own account", async () => {
    const victim = await customer('Evangeline');
    const intruder = await customer('Fitzgerald');
    const before = await getDb().select().from(sessions).where(eq(sessions.userId, victim.id));
    // Whatever the form says, the id comes from the session.
    const r = await scheduleDeletion(actorOf(intruder, T0), { ...CONFIRM, userId: victim.id }, ctx, T0);
    expect(r.ok).toBe(true);
    expect((await userRow(victim.id))!.status).toBe('active');
    expect(await deletionSchedule(victim.id)).toBeNull();
    expect(await deletionMails(victim.id)).toHaveLength(0);
    expect(await getDb().select().from(sessions).where(eq(sessions.userId, victim.id))).toEqual(before);
    expect((await userRow(intruder.id))!.status).toBe('scheduled_for_deletion');
  });
});

describe('the grace period', () => {
  let c: RichCustomer;
  beforeAll(async () => {
    c = await customer('Gwendolyn');
    expect((await scheduleDeletion(actorOf(c, T0), CONFIRM, ctx, T0)).ok).toBe(true);
  });

  it('a new sign-in is a "scheduled" session: refused by everything that needs an active one, accepted only for keeping', async () => {
    const { createSession } = await import('../auth/sessions');
    const session = await createSession(getDb(), { userId: c.id, method: 'password', ip: ctx.ip, userAgent: ctx.userAgent }, new Date());
    const loaded = await loadSession(session.id, { touch: false });
    expect(loaded.state).toBe('scheduled');
    expect(deletionActorOf(loaded, 'active')).toBeNull();
    expect(deletionActorOf(loaded, 'scheduled')).toMatchObject({ userId: c.id, sessionId: session.id });
  });

  it('signing in still works, by password and by PIN (the grace page then asks whether to keep the account)', async () => {
    expect(await verifyPasswordSignIn(c.username, c.password, ctx)).toMatchObject({ ok: true, userId: c.id });
    expect(await verifyPinSignIn(c.mobile, '480317', ctx)).toMatchObject({ ok: true, userId: c.id });
    expect(await verifyPasswordSignIn(c.username, 'wrong password here', ctx)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('nobody, another customer and a wrong or malformed token cannot cancel it', async () => {
    const intruder = await customer('Horatio');
    const before = await dumpAll();
    expect(await keepAccount(null, ctx, T0)).toEqual({ ok: false, formError: SIGN_IN_AGAIN });
    // The intruder's own account is not scheduled: keeping acts on it only, and refuses.
    expect((await keepAccount(actorOf(intruder), ctx, T0)).ok).toBe(false);
    const token = await cancelTokenFor(c.id);
    for (const bad of [undefined, '', 'x', `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`, `${token}A`, token.toUpperCase(), ['array'], 'a'.repeat(5000)]) {
      expect(await cancelDeletionByToken(bad, ctx, T0)).toEqual({ ok: false, formError: CANCEL_LINK_INVALID });
      expect(await peekCancelToken(bad)).toBeNull();
    }
    expect(await dumpAll()).toEqual(before);
    expect((await userRow(c.id))!.status).toBe('scheduled_for_deletion');
  });

  it('"Keep my account" cancels: schedule gone, active, security event and email; consents stay withdrawn; the link is dead', async () => {
    const token = await cancelTokenFor(c.id);
    const later = new Date(T0.getTime() + 3 * DAY);
    expect(await keepAccount(actorOf(c), ctx, later)).toEqual({ ok: true, data: null });
    expect(await deletionSchedule(c.id)).toBeNull();
    expect((await userRow(c.id))!.status).toBe('active');
    const events = await getDb().select().from(securityEvents).where(eq(securityEvents.userId, c.id)).orderBy(securityEvents.id);
    expect(events.map((e) => e.kind)).toEqual(['deletion_scheduled', 'deletion_cancelled']);
    expect((await mailsTo(c.id)).at(-1)!.subject).toBe('Your account will not be deleted');
    expect(await consentStates(getDb(), c.id)).toEqual({ product_updates: 'withdrawn', offers: 'withdrawn', newsletter: 'withdrawn' });
    expect(await cancelDeletionByToken(token, ctx, later)).toEqual({ ok: false, formError: CANCEL_LINK_INVALID });
    // Keeping twice (two tabs) changes nothing more.
    expect((await keepAccount(actorOf(c), ctx, later)).ok).toBe(false);
    expect(await getDb().select().from(securityEvents).where(eq(securityEvents.userId, c.id))).toHaveLength(2);
  });

  it('the emailed link: looking changes nothing, the button cancels once', async () => {
    const d = await customer('Ignatius');
    expect((await scheduleDeletion(actorOf(d, T0), CONFIRM, ctx, T0)).ok).toBe(true);
    const token = await cancelTokenFor(d.id);
    const before = await dumpAll();
    expect(await peekCancelToken(token)).toEqual({ purgeAfter: new Date(T0.getTime() + 14 * DAY) });
    expect(await dumpAll()).toEqual(before);
    const results = await Promise.all([cancelDeletionByToken(token, ctx, T0), cancelDeletionByToken(token, ctx, T0)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect((await userRow(d.id))!.status).toBe('active');
    expect((await mailsTo(d.id)).filter((m) => m.subject === 'Your account will not be deleted')).toHaveLength(1);
    expect(await getDb().select().from(securityEvents).where(and(eq(securityEvents.userId, d.id), eq(securityEvents.kind, 'deletion_cancelled')))).toHaveLength(1);
  });
});
