import { randomInt } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { outbox, profileChanges, sessions, users, verifications } from '@/db/schema';
import { requestContactChange } from '@/test/vitest/use-cases/contact';
import { createLinkToken } from '../verifications';
import { confirmEmail, createAccount } from '@/test/vitest/use-cases/accounts';
import { messageFor } from '@/lib/messages';
import { confirmMobile } from './mobile-verification';
import { verifyPasswordSignIn, verifyPinSignIn } from './credentials';
import { completeReset, requestReset, resetLinkIsValid } from '@/test/vitest/use-cases/recovery';
import { createSession, loadSession } from './sessions';
import { uid } from '@/test/kit/ids';

const MIN = 60_000;
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);
const uniqueMobile = () => `+44790${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
/** A network of its own per call, so the per-IP limit only applies where a test means it to. */
const ctx = (ip: string | null = `10.${randomInt(0, 256)}.${randomInt(0, 256)}.${randomInt(1, 255)}`) => ({ ip, userAgent: 'vitest', requestId: null });

async function newUser(opts: { verified?: boolean; role?: 'customer' | 'staff' | 'admin'; withMobile?: boolean } = {}) {
  const id = uid();
  const username = `rec${id}`;
  const email = `Rec.${id}@Example.test`;
  const password = `quiet harbour ${id.slice(-6)} lantern`;
  const role = opts.role ?? 'customer';
  const mobile = opts.withMobile === false ? undefined : uniqueMobile();
  const pin = role === 'customer' && mobile ? '482916' : undefined;
  const created = await createAccount({ username, email, password, mobile, pin, role, verified: opts.verified ?? true });
  if (!created.ok) throw new Error(JSON.stringify(created.fieldErrors));
  return { userId: created.userId, username, email, password, mobile, pin };
}

const mailTo = (userId: string) => getDb().select().from(outbox).where(eq(outbox.userId, userId)).orderBy(outbox.id);
const mailToAddress = (recipient: string) => getDb().select().from(outbox).where(eq(outbox.recipient, recipient));
const tokenIn = (text: string, path: string) => new RegExp(`${path}\\?token=([\\w-]+)`).exec(text)?.[1];

/** Requests a reset and returns the token from the one mail it sent. */
async function resetToken(kind: 'password' | 'pin', user: { userId: string; username: string }, now: Date) {
  const before = (await mailTo(user.userId)).length;
  expect(await requestReset(kind, user.username, ctx(), now)).toEqual({ ok: true });
  const mails = await mailTo(user.userId);
  expect(mails).toHaveLength(before + 1);
  const token = tokenIn(mails.at(-1)!.text, kind === 'password' ? '/reset-password' : '/reset-pin');
  expect(token).toBeTruthy();
  return token!;
}

describe('requestReset', () => {
  it('sends a verified account exactly one mail with a single-use link', async () => {
    const user = await newUser();
    const t0 = new Date();
    expect(await requestReset('password', user.email.toUpperCase(), ctx(), t0)).toEqual({ ok: true });
    const mails = await mailTo(user.userId);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ channel: 'email', recipient: user.email, subject: 'Reset your password' });
    const token = tokenIn(mails[0]!.text, '/reset-password');
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(mails[0]!.text).toContain(`http://localhost:3000/reset-password?token=${token}`);
    expect(await resetLinkIsValid('password', token!, t0)).toBe(true);
    expect(await resetLinkIsValid('pin', token!, t0)).toBe(false);
  });

  it('finds the account by username in any case and by mobile in a national format', async () => {
    const byName = await newUser();
    expect(await requestReset('password', `  ${byName.username.toUpperCase()} `, ctx())).toEqual({ ok: true });
    expect(await mailTo(byName.userId)).toHaveLength(1);
    const byMobile = await newUser();
    const national = `0${byMobile.mobile!.slice(3, 7)} ${byMobile.mobile!.slice(7)}`;
    expect(await requestReset('pin', national, ctx())).toEqual({ ok: true });
    const mails = await mailTo(byMobile.userId);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('Reset your PIN');
  });

  it('answers the same and sends nothing for unknown, disabled and scheduled-for-deletion accounts', async () => {
    const disabled = await newUser();
    await getDb().update(users).set({ status: 'disabled' }).where(eq(users.id, disabled.userId));
    const scheduled = await newUser();
    await getDb().update(users).set({ status: 'scheduled_for_deletion' }).where(eq(users.id, scheduled.userId));
    const ghost = `ghost.${uid()}@example.test`;

    expect(await requestReset('password', ghost, ctx())).toEqual({ ok: true });
    expect(await requestReset('password', `ghost${uid()}`, ctx())).toEqual({ ok: true });
    expect(await requestReset('pin', uniqueMobile(), ctx())).toEqual({ ok: true });
    expect(await requestReset('password', disabled.username, ctx())).toEqual({ ok: true });
    expect(await requestReset('password', scheduled.username, ctx())).toEqual({ ok: true });
    expect(await requestReset('pin', scheduled.username, ctx())).toEqual({ ok: true });

    expect(await mailToAddress(ghost)).toHaveLength(0);
    expect(await mailTo(disabled.userId)).toHaveLength(0);
    expect(await mailTo(scheduled.userId)).toHaveLength(0);
  });

  it('an unconfirmed address gets a password link (its owner may claim the account) but no PIN link, with the same answer', async () => {
    const unverified = await newUser({ verified: false });
    const before = (await mailTo(unverified.userId)).length; // the sign-up confirmation and the mobile code
    expect(await requestReset('pin', unverified.email, ctx())).toEqual({ ok: true });
    expect(await mailTo(unverified.userId)).toHaveLength(before);
    expect(await requestReset('password', unverified.email, ctx())).toEqual({ ok: true });
    const mails = await mailTo(unverified.userId);
    expect(mails).toHaveLength(before + 1);
    expect(mails.at(-1)).toMatchObject({ recipient: unverified.email, subject: 'Reset your password' });
  });

  it('sends no PIN reset to staff, admins, or customers without a mobile', async () => {
    const staff = await newUser({ role: 'staff' });
    const admin = await newUser({ role: 'admin' });
    const noMobile = await newUser({ withMobile: false });
    for (const u of [staff, admin, noMobile]) {
      expect(await requestReset('pin', u.username, ctx())).toEqual({ ok: true });
      expect(await mailTo(u.userId)).toHaveLength(0);
    }
    // A password reset works for staff.
    expect(await requestReset('password', staff.username, ctx())).toEqual({ ok: true });
    expect(await mailTo(staff.userId)).toHaveLength(1);
  });

  it('rate limit: the 4th request for one identifier within 15 minutes sends no mail and answers the same', async () => {
    const user = await newUser();
    const t0 = new Date();
    for (let i = 0; i < 3; i++) expect(await requestReset('password', user.username, ctx(), at(t0, i * MIN))).toEqual({ ok: true });
    expect(await mailTo(user.userId)).toHaveLength(3);
    expect(await requestReset('password', user.username.toUpperCase(), ctx(), at(t0, 4 * MIN))).toEqual({ ok: true });
    expect(await requestReset('password', user.username, ctx(), at(t0, 14 * MIN))).toEqual({ ok: true });
    expect(await mailTo(user.userId)).toHaveLength(3);
    // Once the window and the lock have passed, a request sends again.
    expect(await requestReset('password', user.username, ctx(), at(t0, 20 * MIN))).toEqual({ ok: true });
    expect(await mailTo(user.userId)).toHaveLength(4);
  });

  it('limits one network to 20 requests per 15 minutes, whatever the identifiers', async () => {
    const ip = `10.200.${randomInt(0, 256)}.${randomInt(1, 255)}`;
    const t0 = new Date();
    for (let i = 0; i < 20; i++) expect(await requestReset('password', `ghost${uid()}`, ctx(ip), t0)).toEqual({ ok: true });
    const user = await newUser();
    expect(await requestReset('password', user.username, ctx(ip), t0)).toEqual({ ok: false, reason: 'ip_limited' });
    expect(await mailTo(user.userId)).toHaveLength(0);
  });
});

describe('completeReset', () => {
  it('sets the new password, revokes every session, sends the notice, and the link works once', async () => {
    const user = await newUser();
    const t0 = new Date();
    const s1 = await createSession(getDb(), { userId: user.userId, method: 'password', ip: null, userAgent: null }, t0);
    const s2 = await createSession(getDb(), { userId: user.userId, method: 'pin', ip: null, userAgent: null }, t0);
    const token = await resetToken('password', user, t0);

    const newPassword = 'brand new harbour lights 77';
    expect(await completeReset('password', token, newPassword, at(t0, MIN))).toEqual({ ok: true });

    const rows = await getDb().select().from(sessions).where(eq(sessions.userId, user.userId));
    expect(rows).toHaveLength(2);
    for (const r of rows) expect(r).toMatchObject({ revokedAt: at(t0, MIN), revokedReason: 'password_reset' });
    for (const s of [s1, s2]) expect((await loadSession(s.id, { touch: true, now: at(t0, 2 * MIN) })).state).toBe('revoked');

    const mails = await mailTo(user.userId);
    expect(mails.at(-1)).toMatchObject({ recipient: user.email, subject: 'Your password was changed' });
    expect(JSON.stringify(mails)).not.toContain(newPassword);

    expect(await verifyPasswordSignIn(user.username, newPassword, ctx())).toMatchObject({ ok: true, userId: user.userId });
    expect(await verifyPasswordSignIn(user.username, user.password, ctx())).toEqual({ ok: false, reason: 'invalid' });

    expect(await completeReset('password', token, 'yet another fine passphrase', at(t0, 2 * MIN))).toEqual({ ok: false, reason: 'invalid_link' });
    expect(await resetLinkIsValid('password', token, at(t0, 2 * MIN))).toBe(false);
    expect(await verifyPasswordSignIn(user.username, newPassword, ctx())).toMatchObject({ ok: true });
  });

  it('resets a PIN', async () => {
    const user = await newUser();
    const t0 = new Date();
    const token = await resetToken('pin', user, t0);
    expect(await completeReset('pin', token, '918273', at(t0, MIN))).toEqual({ ok: true });
    expect(await verifyPinSignIn(user.mobile!, '918273', ctx())).toMatchObject({ ok: true, userId: user.userId });
    expect((await mailTo(user.userId)).at(-1)!.subject).toBe('Your PIN was changed');
  });

  it('refuses an expired link (30 minutes)', async () => {
    const user = await newUser();
    const t0 = new Date();
    const token = await resetToken('password', user, t0);
    expect(await resetLinkIsValid('password', token, at(t0, 29 * MIN))).toBe(true);
    expect(await completeReset('password', token, 'brand new harbour lights 77', at(t0, 30 * MIN))).toEqual({ ok: false, reason: 'invalid_link' });
    expect(await completeReset('password', token, 'brand new harbour lights 77', at(t0, 31 * MIN))).toEqual({ ok: false, reason: 'invalid_link' });
    expect(await verifyPasswordSignIn(user.username, user.password, ctx())).toMatchObject({ ok: true });
  });

  it('refuses weak passwords without using up the link', async () => {
    const user = await newUser();
    const t0 = new Date();
    const token = await resetToken('password', user, t0);
    const weak = await completeReset('password', token, 'password123456', t0);
    expect(weak).toMatchObject({ ok: false, reason: 'weak' });
    const context = await completeReset('password', token, `my name is ${user.username}`, t0);
    // The action words it through lib/messages.ts: the same sentence.
    expect(context).toEqual({ ok: false, reason: 'weak', problem: 'password_context' });
    expect(!context.ok && context.reason === 'weak' && messageFor({ code: context.problem })).toBe('Your password must not contain your username or email address');
    expect(await completeReset('password', token, 'brand new harbour lights 77', t0)).toEqual({ ok: true });
  });

  it('a password link does not reset a PIN, nor the other way round', async () => {
    const user = await newUser();
    const t0 = new Date();
    const pw = await resetToken('password', user, t0);
    const pin = await resetToken('pin', user, t0);
    expect(await completeReset('pin', pw, '918273', t0)).toEqual({ ok: false, reason: 'invalid_link' });
    expect(await completeReset('password', pin, 'brand new harbour lights 77', t0)).toEqual({ ok: false, reason: 'invalid_link' });
    expect(await completeReset('password', 'made-up-token', 'brand new harbour lights 77', t0)).toEqual({ ok: false, reason: 'invalid_link' });
  });

  it('refuses a PIN reset for staff even with a valid pin_reset link', async () => {
    const staff = await newUser({ role: 'staff' });
    const t0 = new Date();
    const [row] = await getDb().select().from(users).where(eq(users.id, staff.userId));
    const token = await createLinkToken(getDb(), { purpose: 'pin_reset', target: row!.emailNormalized, userId: staff.userId, minutes: 30 }, t0);
    expect(await completeReset('pin', token, '918273', t0)).toEqual({ ok: false, reason: 'invalid_link' });
    const [after] = await getDb().select().from(users).where(eq(users.id, staff.userId));
    expect(after!.pinHash).toBeNull();
    expect(await verifyPinSignIn(staff.mobile!, '918273', ctx())).toEqual({ ok: false, reason: 'invalid' });
  });

  it('a double submit of one link: exactly one succeeds', async () => {
    const user = await newUser();
    const t0 = new Date();
    const token = await resetToken('password', user, t0);
    const results = await Promise.all([
      completeReset('password', token, 'first new harbour passphrase', t0),
      completeReset('password', token, 'second new harbour passphrase', t0),
      completeReset('password', token, 'third new harbour passphrase', t0),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([
      { ok: false, reason: 'invalid_link' },
      { ok: false, reason: 'invalid_link' },
    ]);
    expect((await mailTo(user.userId)).filter((m) => m.subject === 'Your password was changed')).toHaveLength(1);
  });
});

const smsCodeTo = async (mobile: string) => {
  const [m] = await getDb().select().from(outbox).where(and(eq(outbox.recipient, mobile), eq(outbox.channel, 'sms'))).orderBy(desc(outbox.id)).limit(1);
  return /\b([2-9A-HJ-NP-Z]{8})\b/.exec(m?.text ?? '')?.[1] ?? '';
};
const userRow = async (id: string) => (await getDb().select().from(users).where(eq(users.id, id)))[0]!;
const openCodes = (userId: string) => getDb().select().from(verifications).where(and(eq(verifications.userId, userId), isNull(verifications.consumedAt)));

describe('account pre-hijacking', () => {
  it("the owner of an address an account never confirmed claims it by a reset: the earlier holder's sessions, mobile, PIN, password and codes are gone", async () => {
    // The attacker signs up with the victim's address and their own mobile and PIN, and even confirms that mobile.
    const attacker = await newUser({ verified: false });
    const t0 = new Date();
    const code = await smsCodeTo(attacker.mobile!);
    expect(await getDb().transaction((tx) => confirmMobile(tx, attacker.userId, code, t0))).toEqual({ ok: true });
    expect(await verifyPinSignIn(attacker.mobile!, attacker.pin!, ctx(), t0)).toMatchObject({ ok: true, userId: attacker.userId });
    const session = await createSession(getDb(), { userId: attacker.userId, method: 'pin', ip: null, userAgent: null }, t0);
    // A code to move the account to the attacker's own address, waiting to be typed.
    expect(await requestContactChange('email', attacker.userId, `attacker.${uid()}@example.test`, t0)).toEqual({ ok: true });

    // The victim types their address into "Forgot your password?", gets the link and sets a password.
    const before = (await mailTo(attacker.userId)).length;
    expect(await requestReset('password', attacker.email, ctx(), t0)).toEqual({ ok: true });
    const mails = await mailTo(attacker.userId);
    expect(mails).toHaveLength(before + 1);
    expect(mails.at(-1)).toMatchObject({ recipient: attacker.email, subject: 'Reset your password' });
    const token = tokenIn(mails.at(-1)!.text, '/reset-password')!;
    const chosen = 'the real owner is back now';
    expect(await completeReset('password', token, chosen, at(t0, MIN))).toEqual({ ok: true });

    expect(await userRow(attacker.userId)).toMatchObject({ emailVerifiedAt: at(t0, MIN), mobile: null, mobileVerifiedAt: null, pinHash: null });
    expect((await loadSession(session.id, { touch: true, now: at(t0, 2 * MIN) })).state).toBe('revoked');
    expect(await verifyPinSignIn(attacker.mobile!, attacker.pin!, ctx(), at(t0, 2 * MIN))).toEqual({ ok: false, reason: 'invalid' });
    expect(await verifyPasswordSignIn(attacker.username, attacker.password, ctx(), at(t0, 2 * MIN))).toEqual({ ok: false, reason: 'invalid' });
    expect(await openCodes(attacker.userId)).toEqual([]);
    expect(await verifyPasswordSignIn(attacker.email, chosen, ctx(), at(t0, 2 * MIN))).toMatchObject({ ok: true, userId: attacker.userId });

    const notice = (await mailTo(attacker.userId)).at(-1)!;
    expect(notice).toMatchObject({ recipient: attacker.email, subject: 'Your password was changed' });
    expect(notice.text).toContain('We also removed the mobile number and PIN of the account');
    const changes = await getDb().select({ field: profileChanges.field, kind: profileChanges.kind }).from(profileChanges).where(eq(profileChanges.userId, attacker.userId));
    expect(changes).toEqual(expect.arrayContaining([{ field: 'mobile', kind: 'removed' }, { field: 'pin', kind: 'removed' }]));
  });

  it('on an account with a confirmed address, a reset removes a mobile and PIN never confirmed, and keeps confirmed ones', async () => {
    const t0 = new Date();
    // Signed up, confirmed the email by its link, never the mobile.
    const half = await newUser({ verified: false });
    const verifyToken = tokenIn((await mailTo(half.userId)).find((m) => m.channel === 'email')!.text, '/verify-email')!;
    expect(await confirmEmail(verifyToken, t0)).toBe(true);
    await completeReset('password', await resetToken('password', half, t0), 'a fresh harbour passphrase', at(t0, MIN));
    expect(await userRow(half.userId)).toMatchObject({ mobile: null, mobileVerifiedAt: null, pinHash: null });
    expect((await mailTo(half.userId)).at(-1)!.text).toContain('We also removed the mobile number and PIN of the account');

    const whole = await newUser();
    const before = await userRow(whole.userId);
    await completeReset('password', await resetToken('password', whole, t0), 'a fresh harbour passphrase', at(t0, MIN));
    expect(await userRow(whole.userId)).toMatchObject({ mobile: before.mobile, mobileVerifiedAt: before.mobileVerifiedAt, pinHash: before.pinHash });
    expect((await mailTo(whole.userId)).at(-1)!.text).not.toContain('removed');
    expect(await verifyPinSignIn(whole.mobile!, whole.pin!, ctx(), at(t0, 2 * MIN))).toMatchObject({ ok: true });
  });

  it('a PIN reset keeps an unconfirmed mobile (the PIN still waits for it) and never confirms it', async () => {
    const t0 = new Date();
    const user = await newUser({ verified: false });
    const verifyToken = tokenIn((await mailTo(user.userId)).find((m) => m.channel === 'email')!.text, '/verify-email')!;
    expect(await confirmEmail(verifyToken, t0)).toBe(true);
    expect(await completeReset('pin', await resetToken('pin', user, t0), '918273', at(t0, MIN))).toEqual({ ok: true });
    expect(await userRow(user.userId)).toMatchObject({ mobile: user.mobile, mobileVerifiedAt: null });
    expect(await verifyPinSignIn(user.mobile!, '918273', ctx(), at(t0, 2 * MIN))).toEqual({ ok: false, reason: 'invalid' });
  });
});

describe('PIN lockout and resets', () => {
  it('a PIN reset lifts the lockout that waiting never would', async () => {
    const user = await newUser();
    const t0 = new Date();
    for (let i = 0; i < 5; i++) await verifyPinSignIn(user.mobile!, '918273', ctx(), t0);
    expect(await verifyPinSignIn(user.mobile!, user.pin!, ctx(), t0)).toMatchObject({ ok: false, reason: 'locked' });
    expect(await completeReset('pin', await resetToken('pin', user, t0), '604918', at(t0, MIN))).toEqual({ ok: true });
    expect(await verifyPinSignIn(user.mobile!, '604918', ctx(), at(t0, 2 * MIN))).toMatchObject({ ok: true, userId: user.userId });
  });
});
