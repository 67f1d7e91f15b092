import { and, desc, eq } from 'drizzle-orm';
import { generateSync } from 'otplib';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { loginEvents, outbox, passkeys, recoveryCodes, sessions, signInChallenges, totpCredentials } from '@/db/schema';
import { createAccount } from '@/test/vitest/use-cases/accounts';
import { createChallenge } from './challenges';
import { verifyPasswordSignIn } from './credentials';
import { passkeyRegistrationOptions, registerPasskey, relyingParty } from './passkeys';
import { issueRecoveryCodes, spendRecoveryCode } from './recovery-codes';
import { completePasskeySignIn, completeSecondStep, secondStepPasskeyOptions, startPasskeySignIn, startSecondStep } from '@/test/vitest/use-cases/second-step';
import { open, seal } from './secret-box';
import { authorizeFirstStep, authorizeSecondStep, SecondStepRequired, SignInRefused } from './sign-in-steps';
import { SoftAuthenticator } from './soft-authenticator';
import { beginTotpSetup, checkTotp } from './totp';
import { uid } from '@/test/kit/ids';

const ctx = { ip: '203.0.113.61', userAgent: 'vitest two-factor', requestId: null };
const request = () => new Request('http://localhost/api/auth/callback/password', { method: 'POST', headers: { 'x-client-ip': ctx.ip, 'user-agent': ctx.userAgent } });
const T0 = new Date('2031-03-04T10:00:15Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const codeAt = (secret: string, when: Date) => generateSync({ secret, epoch: Math.floor(when.getTime() / 1000) });

async function newAccount(role: 'customer' | 'staff' = 'customer') {
  const username = `tf${uid()}`;
  const password = `garden ${uid()} lantern`;
  const created = await createAccount({ username, email: `${username}@example.test`, password, role, verified: true });
  if (!created.ok) throw new Error('account');
  return { userId: created.userId, username, password, email: `${username}@example.test` };
}

/** An account with a confirmed authenticator app; returns its secret (as the person's app holds it). */
async function withTotp(now = T0) {
  const a = await newAccount();
  const { secret } = await beginTotpSetup(getDb(), a.userId, a.username, now);
  const confirmed = await getDb().transaction((tx) => checkTotp(tx, a.userId, codeAt(secret, now), false, now));
  expect(confirmed).toBe('ok');
  return { ...a, secret };
}

const totp = (tx: Parameters<Parameters<ReturnType<typeof getDb>['transaction']>[0]>[0], userId: string, code: string, when: Date) => checkTotp(tx, userId, code, true, when);
const check = (userId: string, code: string, when: Date) => getDb().transaction((tx) => totp(tx, userId, code, when));

describe('TOTP secrets at rest', () => {
  it('are sealed with a key outside the database, bound to their account', async () => {
    const sealed = seal('JBSWY3DPEHPK3PXP', 'user-a');
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(open(sealed, 'user-a')).toBe('JBSWY3DPEHPK3PXP');
    expect(() => open(sealed, 'user-b')).toThrow();
    const [v, iv, ct, tag] = sealed.split('.');
    const flipped = Buffer.from(ct!, 'base64url');
    flipped.writeUInt8(flipped.readUInt8(0) ^ 1, 0);
    expect(() => open([v, iv, flipped.toString('base64url'), tag].join('.'), 'user-a')).toThrow();
  });

  it('the database row holds no readable secret', async () => {
    const a = await withTotp();
    const [row] = await getDb().select().from(totpCredentials).where(eq(totpCredentials.userId, a.userId));
    expect(row!.secretEncrypted).not.toContain(a.secret);
    expect(row!.secretEncrypted).toMatch(/^v1\./);
  });
});

describe('TOTP codes', () => {
  it('setup is confirmed only by a right first code; until then the app does not sign in', async () => {
    const a = await newAccount();
    const { secret, qrSvg } = await beginTotpSetup(getDb(), a.userId, a.username, T0);
    expect(qrSvg).toMatch(/^<svg/);
    expect(await getDb().transaction((tx) => checkTotp(tx, a.userId, codeAt(secret, T0), true, T0))).toBe('wrong');
    expect(await getDb().transaction((tx) => checkTotp(tx, a.userId, '000000', false, T0))).toBe('wrong');
    expect(await getDb().transaction((tx) => checkTotp(tx, a.userId, codeAt(secret, T0), false, T0))).toBe('ok');
    const [row] = await getDb().select().from(totpCredentials).where(eq(totpCredentials.userId, a.userId));
    expect(row!.confirmedAt).toEqual(T0);
  });

  it('accepts one 30-second step of clock drift either way, not two', async () => {
    const a = await withTotp();
    const later = at(10 * 60_000);
    expect(await check(a.userId, codeAt(a.secret, at(10 * 60_000 - 65_000)), later)).toBe('wrong');
    expect(await check(a.userId, codeAt(a.secret, at(10 * 60_000 + 65_000)), later)).toBe('wrong');
    expect(await check(a.userId, codeAt(a.secret, at(10 * 60_000 - 30_000)), later)).toBe('ok');
    expect(await check(a.userId, codeAt(a.secret, at(10 * 60_000 + 30_000)), at(10 * 60_000 + 1_000))).toBe('ok');
  });

  it('a code works once: the same code again, or an older one, is a replay', async () => {
    const a = await withTotp();
    const now = at(5 * 60_000);
    const code = codeAt(a.secret, now);
    expect(await check(a.userId, code, now)).toBe('ok');
    expect(await check(a.userId, code, at(5 * 60_000 + 5_000))).toBe('replayed');
    // The previous step's code is still inside the drift window, but older than the one used.
    expect(await check(a.userId, codeAt(a.secret, at(5 * 60_000 - 30_000)), at(5 * 60_000 + 6_000))).toBe('replayed');
    expect(await check(a.userId, codeAt(a.secret, at(5 * 60_000 + 30_000)), at(5 * 60_000 + 30_000))).toBe('ok');
  });

  it('refuses malformed codes without touching the secret', async () => {
    const a = await withTotp();
    for (const bad of ['', 'abcdef', '12345', '1234567', '12 34 5x', '١٢٣٤٥٦']) expect(await check(a.userId, bad, T0)).toBe('wrong');
    expect(await check(a.userId, codeAt(a.secret, at(60_000)).replace(/^(\d{3})/, '$1 '), at(60_000))).toBe('ok');
  });
});

describe('sign-in with a second step', () => {
  it('a right password of a two-step account issues no session, only a waiting sign-in', async () => {
    const a = await withTotp(new Date());
    const before = await getDb().select().from(sessions).where(eq(sessions.userId, a.userId));
    const error = await authorizeFirstStep('password', { identifier: a.username, password: a.password }, request()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecondStepRequired);
    expect(await getDb().select().from(sessions).where(eq(sessions.userId, a.userId))).toEqual(before);
    const [event] = await getDb().select().from(loginEvents).where(eq(loginEvents.userId, a.userId)).orderBy(desc(loginEvents.id)).limit(1);
    expect(event).toMatchObject({ success: false, method: 'password', reason: 'second_step' });
    // The cookie token is not stored: only its keyed hash.
    const token = (error as SecondStepRequired).token;
    const rows = await getDb().select().from(signInChallenges).where(eq(signInChallenges.userId, a.userId));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).not.toBe(token);
  });

  it('an account without a second factor signs in at once (one step)', async () => {
    const a = await newAccount();
    const user = await authorizeFirstStep('password', { identifier: a.username, password: a.password }, request());
    const [row] = await getDb().select().from(sessions).where(eq(sessions.id, user.sessionId));
    expect(row).toMatchObject({ authMethod: 'password', secondFactor: null });
  });

  it('the right code creates the session, which records both factors; the waiting sign-in then is used up', async () => {
    const a = await withTotp(new Date());
    const { token } = (await authorizeFirstStep('password', { identifier: a.username, password: a.password }, request()).catch((e: unknown) => e)) as SecondStepRequired;
    const proof = JSON.stringify({ kind: 'totp', code: codeAt(a.secret, new Date(Date.now() + 30_000)) });
    const user = await authorizeSecondStep({ token, proof }, request());
    const [row] = await getDb().select().from(sessions).where(eq(sessions.id, user.sessionId));
    expect(row).toMatchObject({ userId: a.userId, authMethod: 'password', secondFactor: 'totp' });
    const again = await authorizeSecondStep({ token, proof: JSON.stringify({ kind: 'totp', code: codeAt(a.secret, new Date(Date.now() + 60_000)) }) }, request()).catch((e: unknown) => e);
    expect((again as SignInRefused).code).toBe('invalid');
    const [event] = await getDb().select().from(loginEvents).where(and(eq(loginEvents.userId, a.userId), eq(loginEvents.success, true)));
    expect(event).toMatchObject({ method: 'totp', reason: 'ok' });
  });

  it('gives one answer for every failure and creates no session: unknown token, wrong, replayed, malformed, expired', async () => {
    const a = await withTotp();
    const refusals: unknown[] = [];
    const token = await startSecondStep(getDb(), a.userId, 'password', T0);
    refusals.push(await completeSecondStep('no-such-token', { kind: 'totp', code: codeAt(a.secret, T0) }, ctx, T0));
    refusals.push(await completeSecondStep(token, { kind: 'totp', code: '000000' }, ctx, at(1_000)));
    // The confirming code of setup (this step) was used: the same step again is a replay.
    refusals.push(await completeSecondStep(token, { kind: 'totp', code: codeAt(a.secret, T0) }, ctx, at(2_000)));
    refusals.push(await completeSecondStep(token, { kind: 'recovery_code', code: 'zzzzzzzzzz' }, ctx, at(3_000)));
    refusals.push(await completeSecondStep(token, { kind: 'totp', code: codeAt(a.secret, at(6 * 60_000)) }, ctx, at(6 * 60_000)));
    expect(refusals).toEqual(Array(5).fill({ ok: false, reason: 'invalid' }));
    expect(await getDb().select().from(sessions).where(eq(sessions.userId, a.userId))).toEqual([]);
  });

  it('is throttled like a PIN: after 5 wrong codes the account is locked and even the right code waits', async () => {
    const a = await withTotp();
    for (let i = 0; i < 5; i++) {
      const token = await startSecondStep(getDb(), a.userId, 'password', at(i * 1000));
      expect(await completeSecondStep(token, { kind: 'totp', code: '000000' }, ctx, at(i * 1000 + 1))).toEqual({ ok: false, reason: 'invalid' });
    }
    const token = await startSecondStep(getDb(), a.userId, 'password', at(10_000));
    const locked = await completeSecondStep(token, { kind: 'totp', code: codeAt(a.secret, at(40_000)) }, ctx, at(40_000));
    expect(locked).toMatchObject({ ok: false, reason: 'locked' });
    expect((locked as { retryAt: Date }).retryAt.getTime()).toBeGreaterThanOrEqual(at(14 * 60_000).getTime());
  });

  it('a waiting sign-in dies after 5 wrong tries, whatever comes next', async () => {
    const a = await withTotp();
    const b = await withTotp();
    // Spread over two accounts' throttles is impossible (a token names one account), so the attempt limit is checked on its own.
    const token = await startSecondStep(getDb(), a.userId, 'password', T0);
    await getDb().update(signInChallenges).set({ attempts: 4 }).where(eq(signInChallenges.userId, a.userId));
    expect(await completeSecondStep(token, { kind: 'totp', code: '000000' }, ctx, at(1_000))).toEqual({ ok: false, reason: 'invalid' });
    expect(await completeSecondStep(token, { kind: 'totp', code: codeAt(a.secret, at(31_000)) }, ctx, at(31_000))).toEqual({ ok: false, reason: 'invalid' });
    expect(b.userId).not.toBe(a.userId);
  });
});

describe('recovery codes', () => {
  it('10 distinct codes, shown once, stored only as keyed hashes', async () => {
    const a = await newAccount();
    const codes = await issueRecoveryCodes(getDb(), a.userId);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[2-9a-hjkmnp-z]{5}-[2-9a-hjkmnp-z]{5}$/);
    const rows = await getDb().select().from(recoveryCodes).where(eq(recoveryCodes.userId, a.userId));
    const stored = JSON.stringify(rows);
    for (const c of codes) {
      expect(stored).not.toContain(c);
      expect(stored).not.toContain(c.replace('-', ''));
    }
  });

  it('each works once, in any case and with or without the dash; not for another account; regenerating kills the old ones', async () => {
    const a = await newAccount();
    const b = await newAccount();
    const codes = await issueRecoveryCodes(getDb(), a.userId);
    expect(await spendRecoveryCode(getDb(), b.userId, codes[0]!)).toBe(false);
    expect(await spendRecoveryCode(getDb(), a.userId, ` ${codes[0]!.toUpperCase().replace('-', '')} `)).toBe(true);
    expect(await spendRecoveryCode(getDb(), a.userId, codes[0]!)).toBe(false);
    const fresh = await issueRecoveryCodes(getDb(), a.userId);
    expect(await spendRecoveryCode(getDb(), a.userId, codes[1]!)).toBe(false);
    expect(await spendRecoveryCode(getDb(), a.userId, fresh[1]!)).toBe(true);
  });

  it('as a second step: signs in once and emails a security alert with the codes left', async () => {
    const a = await withTotp();
    const codes = await issueRecoveryCodes(getDb(), a.userId);
    const token = await startSecondStep(getDb(), a.userId, 'password', at(1_000));
    expect(await completeSecondStep(token, { kind: 'recovery_code', code: codes[3]! }, ctx, at(2_000))).toMatchObject({ ok: true, secondFactor: 'recovery_code' });
    const [mail] = await getDb().select().from(outbox).where(eq(outbox.userId, a.userId)).orderBy(desc(outbox.id)).limit(1);
    expect(mail).toMatchObject({ subject: 'A recovery code was used to sign in' });
    expect(mail!.text).toContain('9 unused codes left');
    const second = await startSecondStep(getDb(), a.userId, 'password', at(3_000));
    expect(await completeSecondStep(second, { kind: 'recovery_code', code: codes[3]! }, ctx, at(4_000))).toEqual({ ok: false, reason: 'invalid' });
  });
});

describe('passkeys (WebAuthn, verified by @simplewebauthn/server against a software authenticator)', () => {
  const rp = () => ({ id: relyingParty().rpID, origin: relyingParty().origin });

  async function withPasskey(opts: { userVerified?: boolean } = {}) {
    const a = await newAccount();
    const key = new SoftAuthenticator(rp(), opts);
    const options = await passkeyRegistrationOptions(getDb(), { id: a.userId, username: a.username });
    const registered = await getDb().transaction((tx) => registerPasskey(tx, a.userId, key.register(options), 'Laptop'));
    expect(registered).toMatchObject({ ok: true, passkey: { name: 'Laptop', credentialId: key.id } });
    return { ...a, key };
  }

  it('a passkey makes the password step ask for a second step', async () => {
    const a = await withPasskey();
    expect(await verifyPasswordSignIn(a.username, a.password, ctx)).toMatchObject({ ok: true, secondStep: true });
  });

  it('registers only against a challenge this account was given, once', async () => {
    const a = await newAccount();
    const other = await newAccount();
    const key = new SoftAuthenticator(rp());
    const options = await passkeyRegistrationOptions(getDb(), { id: a.userId, username: a.username });
    const answer = key.register(options);
    expect(await getDb().transaction((tx) => registerPasskey(tx, other.userId, answer, 'Stolen'))).toEqual({ ok: false, reason: 'passkey_invalid' });
    expect(await getDb().transaction((tx) => registerPasskey(tx, a.userId, key.register({ challenge: 'not-issued-by-us' }), 'X'))).toEqual({ ok: false, reason: 'passkey_invalid' });
    expect(await getDb().transaction((tx) => registerPasskey(tx, a.userId, key.register(options, { origin: 'https://evil.example' }), 'X'))).toEqual({ ok: false, reason: 'passkey_invalid' });
    // The evil-origin try used the challenge up.
    expect(await getDb().transaction((tx) => registerPasskey(tx, a.userId, answer, 'Laptop'))).toEqual({ ok: false, reason: 'passkey_invalid' });
    expect(await getDb().select().from(passkeys).where(eq(passkeys.userId, a.userId))).toEqual([]);
  });

  it('passes the second step with a fresh assertion; a replayed, tampered, cloned or foreign-origin one fails', async () => {
    const a = await withPasskey();
    const attempt = async (make: (challenge: string) => ReturnType<SoftAuthenticator['assert']>) => {
      const token = await startSecondStep(getDb(), a.userId, 'password');
      const options = await secondStepPasskeyOptions(token);
      expect(options!.allowCredentials?.map((c) => c.id)).toEqual([a.key.id]);
      return { token, result: await completeSecondStep(token, { kind: 'passkey', response: make(options!.challenge) }, ctx) };
    };
    const good = await attempt((c) => a.key.assert(c));
    expect(good.result).toMatchObject({ ok: true, secondFactor: 'passkey' });
    const [row] = await getDb().select().from(passkeys).where(eq(passkeys.userId, a.userId));
    expect(row!.counter).toBe(1);
    expect(row!.lastUsedAt).not.toBeNull();

    let replayed: ReturnType<SoftAuthenticator['assert']> | undefined;
    expect((await attempt((c) => (replayed = a.key.assert(c)))).result).toMatchObject({ ok: true });
    const token = await startSecondStep(getDb(), a.userId, 'password');
    await secondStepPasskeyOptions(token);
    expect(await completeSecondStep(token, { kind: 'passkey', response: replayed! }, ctx)).toEqual({ ok: false, reason: 'invalid' });
    expect((await attempt((c) => a.key.assert(c, { tamper: true }))).result).toEqual({ ok: false, reason: 'invalid' });
    expect((await attempt((c) => a.key.assert(c, { origin: 'https://evil.example' }))).result).toEqual({ ok: false, reason: 'invalid' });
    expect((await attempt((c) => a.key.assert(c, { counter: 1 }))).result).toEqual({ ok: false, reason: 'invalid' });
  });

  it('signs in on its own (usernameless) only with user verification, and each challenge answers once', async () => {
    const a = await withPasskey();
    const { token, options } = await startPasskeySignIn();
    expect(options.allowCredentials ?? []).toEqual([]);
    expect(options.userVerification).toBe('required');
    const answer = a.key.assert(options.challenge);
    expect(await completePasskeySignIn(token, answer, ctx)).toEqual({ ok: true, userId: a.userId });
    expect(await completePasskeySignIn(token, a.key.assert(options.challenge), ctx)).toEqual({ ok: false });

    const noUv = await withPasskey({ userVerified: false });
    const again = await startPasskeySignIn();
    expect(await completePasskeySignIn(again.token, noUv.key.assert(again.options.challenge), ctx)).toEqual({ ok: false });
    const unknown = new SoftAuthenticator(rp());
    const third = await startPasskeySignIn();
    expect(await completePasskeySignIn(third.token, unknown.assert(third.options.challenge), ctx)).toEqual({ ok: false });
    const events = await getDb().select().from(loginEvents).where(eq(loginEvents.userId, a.userId));
    expect(events.filter((e) => e.method === 'passkey' && e.success)).toHaveLength(1);
  });

  it('a challenge for one purpose is no token for another', async () => {
    const a = await withPasskey();
    const stray = await createChallenge(getDb(), { purpose: 'passkey_sign_in', webauthnChallenge: 'abc', minutes: 5 });
    expect(await completeSecondStep(stray, { kind: 'passkey', response: a.key.assert('abc') }, ctx)).toEqual({ ok: false, reason: 'invalid' });
  });
});
