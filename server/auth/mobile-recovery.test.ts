import { randomInt } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { outbox, sessions, users } from '@/db/schema';
import { createAccount } from '@/test/vitest/use-cases/accounts';
import { verifyPasswordSignIn } from './credentials';
import { PasswordRefused, recoverWithCode, requestRecoveryCode } from './mobile-recovery';
import { confirmMobile } from './mobile-verification';
import { createSession } from './sessions';
import { uid } from '@/test/kit/ids';

/*
 * Issue 11.11: a customer whose email address is not confirmed can still get
 * back in with a code texted to the confirmed mobile number. Nobody else can:
 * accounts with a confirmed address (they have the emailed link), unconfirmed
 * numbers, staff, and accounts that are not active get no code, with the same answer.
 */

const MIN = 60_000;
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);
const uniqueMobile = () => `+44794${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
const ctx = (ip = `10.${randomInt(0, 256)}.${randomInt(0, 256)}.${randomInt(1, 255)}`) => ({ ip, userAgent: 'vitest', requestId: null });
const NEW_PASSWORD = 'walnut ferry lantern 64';

const texts = (mobile: string) => getDb().select().from(outbox).where(and(eq(outbox.recipient, mobile), eq(outbox.channel, 'sms'))).orderBy(desc(outbox.id));
const codeIn = (text: string) => /\b([2-9A-HJ-NP-Z]{8})\b/.exec(text)?.[1] ?? '';
const ask = (mobile: string, now = new Date(), c = ctx()) => getDb().transaction((tx) => requestRecoveryCode(tx, mobile, c, now));
const recover = (input: { mobile: string; code: string; password: string }, now = new Date()) => getDb().transaction((tx) => recoverWithCode(tx, input, now));

/** Signed up with an address never confirmed, and confirmed the mobile by its code. */
async function customer(opts: { emailConfirmed?: boolean; mobileConfirmed?: boolean; role?: 'customer' | 'staff' } = {}) {
  const id = uid();
  const username = `rcv${id}`;
  const email = `${username}@example.test`;
  const password = `amber quay ${id.slice(-6)} lantern`;
  const mobile = uniqueMobile();
  const created = await createAccount({ username, email, password, mobile, pin: opts.role === 'staff' ? undefined : '583920', role: opts.role });
  if (!created.ok) throw new Error(JSON.stringify(created.fieldErrors));
  if (opts.mobileConfirmed !== false) {
    const result = await getDb().transaction(async (tx) => confirmMobile(tx, created.userId, codeIn((await texts(mobile))[0]!.text)));
    expect(result).toEqual({ ok: true });
  }
  if (opts.emailConfirmed) await getDb().update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, created.userId));
  return { userId: created.userId, username, email, password, mobile };
}

describe('recovery by a code texted to the confirmed mobile', () => {
  it('sets a new password: every session ends, the old password is dead, the address stays unconfirmed, email and SMS tell the customer', async () => {
    const c = await customer();
    const t0 = new Date();
    const s = await createSession(getDb(), { userId: c.userId, method: 'password', ip: null, userAgent: null }, t0);
    expect(await ask(c.mobile, t0)).toEqual({ ok: true });
    const [sms] = await texts(c.mobile);
    expect(sms!.text).toMatch(/^Your Account Center code to choose a new password is [2-9A-HJ-NP-Z]{8}\./);
    expect(await recover({ mobile: c.mobile, code: codeIn(sms!.text), password: NEW_PASSWORD }, at(t0, MIN))).toEqual({ ok: true });

    const [session] = await getDb().select().from(sessions).where(eq(sessions.id, s.id));
    expect(session).toMatchObject({ revokedAt: at(t0, MIN), revokedReason: 'password_recovered' });
    expect(await verifyPasswordSignIn(c.username, c.password, ctx(), at(t0, 2 * MIN))).toEqual({ ok: false, reason: 'invalid' });
    expect(await verifyPasswordSignIn(c.username, NEW_PASSWORD, ctx(), at(t0, 2 * MIN))).toMatchObject({ ok: true, userId: c.userId });
    const [row] = await getDb().select().from(users).where(eq(users.id, c.userId));
    expect(row!.emailVerifiedAt).toBeNull();
    const notices = await getDb().select().from(outbox).where(eq(outbox.userId, c.userId)).orderBy(desc(outbox.id)).limit(2);
    expect(notices.map((m) => [m.channel, m.recipient, m.subject])).toEqual([
      ['sms', c.mobile, null],
      ['email', c.email, 'Your password was changed'],
    ]);
    // The code worked once.
    expect(await recover({ mobile: c.mobile, code: codeIn(sms!.text), password: 'another walnut passphrase' }, at(t0, 2 * MIN))).toEqual({ ok: false, reason: { code: 'recovery_code_invalid', field: 'code' } });
    expect(JSON.stringify(notices)).not.toContain(NEW_PASSWORD);
  });

  it('texts nothing, with the same answer, for an unknown number, an unconfirmed one, a confirmed address, staff and a disabled account', async () => {
    const confirmedEmail = await customer({ emailConfirmed: true });
    const unconfirmedMobile = await customer({ mobileConfirmed: false });
    const staff = await customer({ role: 'staff' });
    const disabled = await customer();
    await getDb().update(users).set({ status: 'disabled' }).where(eq(users.id, disabled.userId));
    const before = await Promise.all([confirmedEmail, unconfirmedMobile, staff, disabled].map(async (u) => (await texts(u.mobile)).length));
    const unknown = uniqueMobile();
    for (const mobile of [unknown, confirmedEmail.mobile, unconfirmedMobile.mobile, staff.mobile, disabled.mobile]) expect(await ask(mobile)).toEqual({ ok: true });
    expect(await texts(unknown)).toHaveLength(0);
    const after = await Promise.all([confirmedEmail, unconfirmedMobile, staff, disabled].map(async (u) => (await texts(u.mobile)).length));
    expect(after).toEqual(before);
    // A made-up code answers for them exactly as a wrong code does for a real one.
    const real = await customer();
    await ask(real.mobile);
    const answers = await Promise.all([unknown, confirmedEmail.mobile, real.mobile].map((mobile) => recover({ mobile, code: 'ABCDEFGH', password: NEW_PASSWORD })));
    expect(new Set(answers.map((a) => JSON.stringify(a)))).toEqual(new Set([JSON.stringify({ ok: false, reason: { code: 'recovery_code_invalid', field: 'code' } })]));
  });

  it('limits codes to 3 per number per quarter hour and 20 requests per network, and a code to 5 tries', async () => {
    const c = await customer();
    const t0 = new Date();
    for (let i = 0; i < 4; i++) expect(await ask(c.mobile, at(t0, i * MIN))).toEqual({ ok: true });
    expect(await texts(c.mobile)).toHaveLength(1 + 3); // the sign-up code, then three recovery codes
    const code = codeIn((await texts(c.mobile))[0]!.text);
    const wrong = code === 'AAAAAAAA' ? 'BBBBBBBB' : 'AAAAAAAA';
    for (let i = 0; i < 5; i++) expect(await recover({ mobile: c.mobile, code: wrong, password: NEW_PASSWORD }, at(t0, 5 * MIN))).toMatchObject({ ok: false });
    expect(await recover({ mobile: c.mobile, code, password: NEW_PASSWORD }, at(t0, 5 * MIN))).toEqual({ ok: false, reason: { code: 'recovery_code_invalid', field: 'code' } });

    const network = `10.250.${randomInt(0, 256)}.${randomInt(1, 255)}`;
    for (let i = 0; i < 20; i++) expect(await ask(uniqueMobile(), t0, ctx(network))).toEqual({ ok: true });
    expect(await ask(uniqueMobile(), t0, ctx(network))).toEqual({ ok: false, reason: { code: 'network_rate_limited' } });
  });

  it('refuses a weak password: a common one before the code is looked at, one naming the account only after the right code, keeping the code', async () => {
    const c = await customer();
    const t0 = new Date();
    await ask(c.mobile, t0);
    const code = codeIn((await texts(c.mobile))[0]!.text);
    expect(await recover({ mobile: c.mobile, code: 'ABCDEFGH', password: 'password123456' }, t0)).toEqual({ ok: false, reason: { code: 'password_common', field: 'password' } });
    // Naming the username: only said once the code is right, and the code stays usable.
    await expect(recover({ mobile: c.mobile, code: 'ABCDEFGH', password: `all about ${c.username}` }, t0)).resolves.toMatchObject({ reason: { code: 'recovery_code_invalid' } });
    await expect(recover({ mobile: c.mobile, code, password: `all about ${c.username}` }, t0)).rejects.toEqual(new PasswordRefused({ code: 'password_context', field: 'password' }));
    expect(await recover({ mobile: c.mobile, code, password: NEW_PASSWORD }, t0)).toEqual({ ok: true });
  });
});
