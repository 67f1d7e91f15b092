import { randomInt } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { outbox, users } from '@/db/schema';
import { signUpSchema } from '@/lib/validation/auth';
import { confirmEmail, createAccount, resendFromLink, resendVerifyLink, SIGN_UP_PER_IDENTIFIER, SIGN_UP_PER_IP, signUpAccount, verifyLinkIsValid, type NewAccount } from '@/test/vitest/use-cases/accounts';
import { verifyPasswordSignIn } from './credentials';
import { uid } from '@/test/kit/ids';

const DAY = 24 * 60 * 60_000;
/** National format of a valid UK mobile (07900 range) unique enough for one test database. */
const uniqueLocalMobile = () => `07900 ${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
const ctx = { ip: '203.0.113.20', userAgent: 'vitest', requestId: null };
const TAKEN = {
  username: ['This username is taken. Choose another.'],
  email: ['An account already uses this email address. Sign in or reset your password instead.'],
  mobile: ['An account already uses this mobile number.'],
};

/** Raw form input as a person types it, run through the same schema the sign-up action uses. */
function signUpInput(raw: Record<string, string>): NewAccount {
  const parsed = signUpSchema('GB').safeParse(raw);
  if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues));
  return parsed.data;
}

function freshRaw() {
  const id = uid();
  return { username: `Acct${id}`, email: `Acct.${id}@Example.test`, password: `quiet harbour ${id.slice(-6)} lantern`, mobile: uniqueLocalMobile(), pin: '482916' };
}

const mailTo = (userId: string) => getDb().select().from(outbox).where(eq(outbox.userId, userId)).orderBy(outbox.id);
const tokenIn = (text: string, path: string) => new RegExp(`${path}\\?token=([\\w-]+)`).exec(text)?.[1];

describe('createAccount', () => {
  it('stores normalized identifiers and hashes, never the secrets', async () => {
    const raw = freshRaw();
    const created = await createAccount(signUpInput({ ...raw, email: `  ${raw.email} ` }));
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const [row] = await getDb().select().from(users).where(eq(users.id, created.userId));
    expect(row).toMatchObject({
      username: raw.username.toLowerCase(),
      email: raw.email,
      emailNormalized: raw.email.toLowerCase(),
      emailVerifiedAt: null,
      mobile: `+44${raw.mobile.replace(/\s/g, '').slice(1)}`,
      role: 'customer',
      status: 'active',
    });
    expect(row!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row!.pinHash).toMatch(/^\$argon2id\$/);
    const dump = JSON.stringify(row);
    expect(dump).not.toContain(raw.password);
    expect(dump).not.toContain(raw.pin);
    expect(await verifyPasswordSignIn(raw.username, raw.password, ctx)).toMatchObject({ ok: true, userId: created.userId });
  });

  it('refuses a username taken in another case or width, on the username field', async () => {
    const first = freshRaw();
    expect((await createAccount(signUpInput(first))).ok).toBe(true);
    for (const variant of [first.username.toUpperCase(), first.username.toLowerCase(), [...first.username].map((c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0)).join('')]) {
      const second = { ...freshRaw(), username: variant };
      expect(await createAccount(signUpInput(second))).toEqual({ ok: false, fieldErrors: { username: TAKEN.username } });
    }
  });

  it('refuses an email taken in another case, on the email field', async () => {
    const first = freshRaw();
    expect((await createAccount(signUpInput(first))).ok).toBe(true);
    const second = { ...freshRaw(), email: first.email.toUpperCase() };
    expect(await createAccount(signUpInput(second))).toEqual({ ok: false, fieldErrors: { email: TAKEN.email } });
  });

  it('refuses a mobile taken in another format, on the mobile field', async () => {
    const first = freshRaw();
    expect((await createAccount(signUpInput(first))).ok).toBe(true);
    const international = `+44 ${first.mobile.slice(1)}`;
    const second = { ...freshRaw(), mobile: international };
    expect(await createAccount(signUpInput(second))).toEqual({ ok: false, fieldErrors: { mobile: TAKEN.mobile } });
    const third = { ...freshRaw(), mobile: first.mobile.replace(/\s/g, '-') };
    expect(await createAccount(signUpInput(third))).toEqual({ ok: false, fieldErrors: { mobile: TAKEN.mobile } });
  });

  it('reports every taken field at once', async () => {
    const first = freshRaw();
    expect((await createAccount(signUpInput(first))).ok).toBe(true);
    const dup = await createAccount(signUpInput({ ...first, password: 'another long passphrase', username: first.username.toUpperCase() }));
    expect(dup).toEqual({ ok: false, fieldErrors: TAKEN });
  });

  it('concurrent sign-ups for one username: exactly one wins, the rest are told on the username field', async () => {
    const username = `race${uid()}`;
    const attempts = Array.from({ length: 6 }, () => ({ ...freshRaw(), username }));
    const results = await Promise.all(attempts.map((a) => createAccount(signUpInput(a))));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    for (const r of results.filter((r) => !r.ok)) expect(r).toEqual({ ok: false, fieldErrors: { username: TAKEN.username } });
    const rows = await getDb().select({ id: users.id }).from(users).where(eq(users.username, username));
    expect(rows).toHaveLength(1);
  });

  it('concurrent sign-ups for one email (in different cases): exactly one wins', async () => {
    const email = `Race.${uid()}@example.test`;
    const attempts = Array.from({ length: 4 }, (_, i) => ({ ...freshRaw(), email: i % 2 ? email.toUpperCase() : email }));
    const results = await Promise.all(attempts.map((a) => createAccount(signUpInput(a))));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    for (const r of results.filter((r) => !r.ok)) expect(r).toEqual({ ok: false, fieldErrors: { email: TAKEN.email } });
  });

  it.each(['password123456', 'Password1234!', 'qwertyuiop123', 'aaaaaaaaaaaaaa', 'abababababab', 'my accountcenter pass'])('refuses the common password %j without creating anything', async (password) => {
    const raw = { ...freshRaw(), password };
    const result = await createAccount(signUpInput(raw));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.fieldErrors.password?.[0]).toMatch(/too common/);
    expect(await getDb().select().from(users).where(eq(users.username, raw.username.toLowerCase()))).toHaveLength(0);
  });

  it('refuses a PIN on a staff account', async () => {
    const raw = freshRaw();
    expect(await createAccount({ ...signUpInput(raw), role: 'staff' })).toEqual({ ok: false, fieldErrors: { pin: ['Staff accounts cannot use a PIN.'] } });
  });

  it('sends no confirmation mail for an account created verified', async () => {
    const created = await createAccount({ ...signUpInput(freshRaw()), verified: true }, new Date('2030-01-01T00:00:00Z'));
    if (!created.ok) throw new Error('not created');
    expect(await mailTo(created.userId)).toHaveLength(0);
    const [row] = await getDb().select().from(users).where(eq(users.id, created.userId));
    expect(row).toMatchObject({ emailVerifiedAt: new Date('2030-01-01T00:00:00Z'), mobileVerifiedAt: new Date('2030-01-01T00:00:00Z') });
  });
});

describe('email verification', () => {
  it('sends one confirmation link that confirms the address once', async () => {
    const raw = freshRaw();
    const t0 = new Date('2030-01-01T00:00:00Z');
    const created = await createAccount(signUpInput(raw), t0);
    if (!created.ok) throw new Error('not created');
    const sent = await mailTo(created.userId);
    // The mobile number given gets its own code by SMS (mobile-verification.test.ts).
    expect(sent.map((m) => m.channel)).toEqual(['email', 'sms']);
    const mails = sent.filter((m) => m.channel === 'email');
    expect(mails[0]).toMatchObject({ channel: 'email', recipient: raw.email, subject: 'Confirm your email address' });
    const token = tokenIn(mails[0]!.text, '/verify-email');
    expect(token).toBeTruthy();
    expect(mails[0]!.html).toContain(`/verify-email?token=${token}`);

    expect(await confirmEmail(`${token}x`, t0)).toBe(false);
    expect(await confirmEmail(token!, new Date(t0.getTime() + DAY))).toBe(true);
    const [row] = await getDb().select().from(users).where(eq(users.id, created.userId));
    expect(row!.emailVerifiedAt).toEqual(new Date(t0.getTime() + DAY));
    expect(await confirmEmail(token!, new Date(t0.getTime() + DAY))).toBe(false);
  });

  it('refuses an expired link (7 days)', async () => {
    const t0 = new Date('2030-01-01T00:00:00Z');
    const created = await createAccount(signUpInput(freshRaw()), t0);
    if (!created.ok) throw new Error('not created');
    const token = tokenIn((await mailTo(created.userId))[0]!.text, '/verify-email')!;
    expect(await confirmEmail(token, new Date(t0.getTime() + 7 * DAY))).toBe(false);
    const [row] = await getDb().select().from(users).where(eq(users.id, created.userId));
    expect(row!.emailVerifiedAt).toBeNull();
  });

  it('does not verify an address the account has since changed to', async () => {
    const t0 = new Date('2030-01-01T00:00:00Z');
    const created = await createAccount(signUpInput(freshRaw()), t0);
    if (!created.ok) throw new Error('not created');
    const token = tokenIn((await mailTo(created.userId))[0]!.text, '/verify-email')!;
    const other = `other.${uid()}@example.test`;
    await getDb().update(users).set({ email: other, emailNormalized: other }).where(eq(users.id, created.userId));
    expect(await confirmEmail(token, t0)).toBe(false);
    const [row] = await getDb().select().from(users).where(eq(users.id, created.userId));
    expect(row!.emailVerifiedAt).toBeNull();
  });
});

describe('a new confirmation link (no dead ends)', () => {
  const resend = (userId: string, now: Date) => getDb().transaction((tx) => resendVerifyLink(tx, userId, now));
  const resendFrom = (token: string, now: Date) => getDb().transaction((tx) => resendFromLink(tx, token, now));
  const verifyTokens = async (userId: string) => (await mailTo(userId)).filter((m) => m.subject === 'Confirm your email address').map((m) => tokenIn(m.text, '/verify-email')!);

  it('from the account: a fresh link replaces the old one; 3 per quarter hour', async () => {
    const raw = freshRaw();
    const t0 = new Date('2030-01-01T00:00:00Z');
    const created = await createAccount(signUpInput(raw), t0);
    if (!created.ok) throw new Error('not created');
    const [first] = await verifyTokens(created.userId);
    for (let i = 1; i <= 3; i++) expect(await resend(created.userId, new Date(t0.getTime() + i * 60_000))).toEqual({ ok: true, email: raw.email });
    expect(await resend(created.userId, new Date(t0.getTime() + 4 * 60_000))).toEqual({ ok: false, reason: { code: 'links_rate_limited' } });
    const tokens = await verifyTokens(created.userId);
    expect(tokens).toHaveLength(4);
    expect(await verifyLinkIsValid(first!, new Date(t0.getTime() + 5 * 60_000))).toBe(false);
    expect(await confirmEmail(first!, new Date(t0.getTime() + 5 * 60_000))).toBe(false);
    expect(await confirmEmail(tokens.at(-1)!, new Date(t0.getTime() + 5 * 60_000))).toBe(true);
    expect(await resend(created.userId, new Date(t0.getTime() + DAY))).toEqual({ ok: false, reason: { code: 'email_already_confirmed' } });
  });

  it('from an expired link: a new link to the same address, without signing in', async () => {
    const raw = freshRaw();
    const t0 = new Date('2030-01-01T00:00:00Z');
    const created = await createAccount(signUpInput(raw), t0);
    if (!created.ok) throw new Error('not created');
    const [expired] = await verifyTokens(created.userId);
    const later = new Date(t0.getTime() + 8 * DAY);
    expect(await verifyLinkIsValid(expired!, later)).toBe(false);
    expect(await resendFrom(expired!, later)).toEqual({ ok: true, email: raw.email });
    const fresh = (await verifyTokens(created.userId)).at(-1)!;
    expect(fresh).not.toBe(expired);
    expect(await confirmEmail(fresh, later)).toBe(true);
    // Used, the old link now says the address is confirmed.
    expect(await resendFrom(expired!, later)).toEqual({ ok: false, reason: { code: 'email_already_confirmed' } });
  });

  it('from a link that is not ours, or was for an address the account no longer has: nothing is sent', async () => {
    const raw = freshRaw();
    const t0 = new Date('2030-01-01T00:00:00Z');
    const created = await createAccount(signUpInput(raw), t0);
    if (!created.ok) throw new Error('not created');
    const [token] = await verifyTokens(created.userId);
    expect(await resendFrom('made-up-token', t0)).toEqual({ ok: false, reason: { code: 'verify_link_unknown' } });
    const other = `other.${uid()}@example.test`;
    await getDb().update(users).set({ email: other, emailNormalized: other }).where(eq(users.id, created.userId));
    expect(await resendFrom(token!, t0)).toEqual({ ok: false, reason: { code: 'verify_link_unknown' } });
    expect(await verifyTokens(created.userId)).toHaveLength(1);
  });
});

describe('signUpAccount: the "taken" answers are rate-limited', () => {
  const LIMITED = { ok: false, reason: { code: 'sign_up_rate_limited' } };
  let ipSeq = 0;
  /** A different client address each call: the per-identifier limit must hold across addresses. */
  const fromAnywhere = () => ({ ip: `198.51.100.${++ipSeq % 250}`, userAgent: 'vitest' });

  it('per identifier: past the limit a taken username, email or mobile gets the limit\'s answer, from any address', async () => {
    const existing = freshRaw();
    const owner = await createAccount(signUpInput(existing));
    expect(owner.ok).toBe(true);
    const t0 = new Date();
    for (const [field, probe] of [
      ['username', () => ({ ...freshRaw(), username: existing.username.toUpperCase() })],
      ['email', () => ({ ...freshRaw(), email: existing.email.toLowerCase() })],
      ['mobile', () => ({ ...freshRaw(), mobile: existing.mobile })],
    ] as const) {
      for (let i = 0; i < SIGN_UP_PER_IDENTIFIER.free; i++) {
        const r = await signUpAccount(signUpInput(probe()), fromAnywhere(), t0);
        expect(r, `${field} attempt ${i + 1}`).toEqual({ ok: false, fieldErrors: { [field]: TAKEN[field] } });
      }
      // One more, from yet another address: no word about the account, only the limit.
      expect(await signUpAccount(signUpInput(probe()), fromAnywhere(), t0), field).toEqual(LIMITED);
    }
    // Other identifiers are not held back by it.
    expect((await signUpAccount(signUpInput(freshRaw()), fromAnywhere(), t0)).ok).toBe(true);
  });

  it('the email is counted normalized: another case or surrounding spaces do not start a new count', async () => {
    const existing = freshRaw();
    expect((await createAccount(signUpInput(existing))).ok).toBe(true);
    const t0 = new Date();
    const spellings = [existing.email.toUpperCase(), existing.email.toLowerCase(), `  ${existing.email} `];
    for (let i = 0; i < SIGN_UP_PER_IDENTIFIER.free; i++) await signUpAccount(signUpInput({ ...freshRaw(), email: spellings[i % 3]! }), fromAnywhere(), t0);
    expect(await signUpAccount(signUpInput({ ...freshRaw(), email: existing.email }), fromAnywhere(), t0)).toEqual(LIMITED);
  });

  it('per address: past the limit even a taken username from that address gets the limit\'s answer', async () => {
    const existing = freshRaw();
    expect((await createAccount(signUpInput(existing))).ok).toBe(true);
    const t0 = new Date();
    const oneAddress = { ip: '203.0.113.77', userAgent: 'vitest' };
    // Distinct details each time (a common password, so nothing is created): only the address's count grows.
    for (let i = 0; i < SIGN_UP_PER_IP.free; i++) {
      expect(await signUpAccount(signUpInput({ ...freshRaw(), password: 'password1234' }), oneAddress, t0), `attempt ${i + 1}`).toMatchObject({ ok: false, fieldErrors: { password: [expect.any(String)] } });
    }
    expect(await signUpAccount(signUpInput({ ...freshRaw(), username: existing.username }), oneAddress, t0)).toEqual(LIMITED);
    // Another address still gets a real answer.
    expect(await signUpAccount(signUpInput({ ...freshRaw(), username: existing.username }), fromAnywhere(), t0)).toEqual({ ok: false, fieldErrors: { username: TAKEN.username } });
  });

  it('an hour later the identifier may be asked about again', async () => {
    const existing = freshRaw();
    expect((await createAccount(signUpInput(existing))).ok).toBe(true);
    const t0 = new Date();
    for (let i = 0; i <= SIGN_UP_PER_IDENTIFIER.free; i++) await signUpAccount(signUpInput({ ...freshRaw(), username: existing.username }), fromAnywhere(), t0);
    expect(await signUpAccount(signUpInput({ ...freshRaw(), username: existing.username }), fromAnywhere(), t0)).toEqual(LIMITED);
    const later = new Date(t0.getTime() + 2 * 60 * 60_000);
    expect(await signUpAccount(signUpInput({ ...freshRaw(), username: existing.username }), fromAnywhere(), later)).toEqual({ ok: false, fieldErrors: { username: TAKEN.username } });
  });
});
