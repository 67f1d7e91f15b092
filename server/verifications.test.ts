import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { users, verifications } from '@/db/schema';
import { CODE_ATTEMPTS } from '@/lib/policy';
import { consumeLinkToken, createCode, createLinkToken, peekLinkToken, verifyCode, type Purpose } from './verifications';
import { uid } from '@/test/kit/ids';

const MIN = 60_000;
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);

async function newUser() {
  const username = `ver${uid()}`;
  const [row] = await getDb()
    .insert(users)
    .values({ username, email: `${username}@example.test`, emailNormalized: `${username}@example.test`, passwordHash: 'unused' })
    .returning({ id: users.id, email: users.emailNormalized });
  return row!;
}

const rowsOf = (userId: string) => getDb().select().from(verifications).where(eq(verifications.userId, userId));
/** Each check in its own transaction, as callers do. */
const check = (input: { purpose: Purpose; userId: string; code: string }, now: Date) => getDb().transaction((tx) => verifyCode(tx, input, now));

describe('link tokens', () => {
  it('are long random strings, and only their hash is stored', async () => {
    const user = await newUser();
    const t0 = new Date('2030-01-01T12:00:00Z');
    const token = await createLinkToken(getDb(), { purpose: 'password_reset', target: user.email, userId: user.id, minutes: 30 }, t0);
    const again = await createLinkToken(getDb(), { purpose: 'password_reset', target: user.email, userId: user.id, minutes: 30 }, t0);
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(again).not.toBe(token);
    const rows = await rowsOf(user.id);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row).toMatchObject({ purpose: 'password_reset', target: user.email, expiresAt: at(t0, 30 * MIN), maxAttempts: 1, consumedAt: null });
      expect(row.codeHash).not.toBe(token);
      expect(row.codeHash).not.toBe(again);
    }
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(token);
    expect(dump).not.toContain(again);
  });

  it('are single use', async () => {
    const user = await newUser();
    const t0 = new Date('2030-01-01T12:00:00Z');
    const token = await createLinkToken(getDb(), { purpose: 'password_reset', target: user.email, userId: user.id, minutes: 30 }, t0);
    expect(await peekLinkToken(getDb(), 'password_reset', token, at(t0, MIN))).toMatchObject({ userId: user.id, consumedAt: null });
    expect(await peekLinkToken(getDb(), 'password_reset', token, at(t0, MIN))).not.toBeNull(); // peeking does not use it
    const first = await consumeLinkToken(getDb(), 'password_reset', token, at(t0, 2 * MIN));
    expect(first).toMatchObject({ userId: user.id, target: user.email, consumedAt: at(t0, 2 * MIN) });
    expect(await consumeLinkToken(getDb(), 'password_reset', token, at(t0, 3 * MIN))).toBeNull();
    expect(await peekLinkToken(getDb(), 'password_reset', token, at(t0, 3 * MIN))).toBeNull();
  });

  it('concurrent consumes of one token: exactly one wins', async () => {
    const user = await newUser();
    const t0 = new Date('2030-01-01T12:00:00Z');
    const token = await createLinkToken(getDb(), { purpose: 'password_reset', target: user.email, userId: user.id, minutes: 30 }, t0);
    const results = await Promise.all(Array.from({ length: 10 }, () => getDb().transaction((tx) => consumeLinkToken(tx, 'password_reset', token, at(t0, MIN)))));
    expect(results.filter((r) => r !== null)).toHaveLength(1);
  });

  it('expire after their lifetime', async () => {
    const user = await newUser();
    const t0 = new Date('2030-01-01T12:00:00Z');
    const make = () => createLinkToken(getDb(), { purpose: 'password_reset', target: user.email, userId: user.id, minutes: 30 }, t0);
    const late = await make();
    expect(await peekLinkToken(getDb(), 'password_reset', late, at(t0, 30 * MIN))).toBeNull();
    expect(await consumeLinkToken(getDb(), 'password_reset', late, at(t0, 30 * MIN))).toBeNull();
    expect(await consumeLinkToken(getDb(), 'password_reset', late, at(t0, 31 * MIN))).toBeNull();
    const inTime = await make();
    expect(await consumeLinkToken(getDb(), 'password_reset', inTime, at(t0, 30 * MIN - 1))).not.toBeNull();
  });

  it('work only for their purpose', async () => {
    const user = await newUser();
    const t0 = new Date('2030-01-01T12:00:00Z');
    const token = await createLinkToken(getDb(), { purpose: 'email_verify', target: user.email, userId: user.id, minutes: 30 }, t0);
    expect(await peekLinkToken(getDb(), 'password_reset', token, t0)).toBeNull();
    expect(await consumeLinkToken(getDb(), 'password_reset', token, t0)).toBeNull();
    expect(await consumeLinkToken(getDb(), 'pin_reset', token, t0)).toBeNull();
    // The failed tries did not use it up.
    expect(await consumeLinkToken(getDb(), 'email_verify', token, t0)).toMatchObject({ userId: user.id });
  });

  it('refuse made-up and altered tokens', async () => {
    const user = await newUser();
    const t0 = new Date('2030-01-01T12:00:00Z');
    const token = await createLinkToken(getDb(), { purpose: 'password_reset', target: user.email, userId: user.id, minutes: 30 }, t0);
    for (const bad of ['', 'x', randomBytes(32).toString('base64url'), `${token}x`, token.slice(0, -1), token.toUpperCase()]) {
      expect(await consumeLinkToken(getDb(), 'password_reset', bad, t0)).toBeNull();
    }
    expect(await consumeLinkToken(getDb(), 'password_reset', token, t0)).not.toBeNull();
  });
});

describe('codes', () => {
  it('are 8 characters without look-alikes, and only their hash is stored', async () => {
    const user = await newUser();
    const t0 = new Date('2030-01-01T12:00:00Z');
    const codes = new Set<string>();
    for (let i = 0; i < 5; i++) codes.add(await createCode(getDb(), { purpose: `test_${i}`, target: user.email, userId: user.id }, t0));
    expect(codes.size).toBe(5);
    for (const code of codes) expect(code).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
    const rows = await rowsOf(user.id);
    expect(rows).toHaveLength(5);
    for (const row of rows) expect(row).toMatchObject({ expiresAt: at(t0, 10 * MIN), maxAttempts: CODE_ATTEMPTS, attempts: 0 });
    const dump = JSON.stringify(rows);
    for (const code of codes) {
      expect(dump).not.toContain(code);
      expect(dump.toLowerCase()).not.toContain(code.toLowerCase());
    }
  });

  it('the right code works once, typed in any case with spaces around', async () => {
    const user = await newUser();
    const t0 = new Date('2030-01-01T12:00:00Z');
    const code = await createCode(getDb(), { purpose: 'mobile_change', target: '+447700900123', userId: user.id }, t0);
    expect(await check({ purpose: 'mobile_change', userId: user.id, code: ` ${code.toLowerCase()} ` }, at(t0, MIN))).toEqual({ ok: true, target: '+447700900123' });
    expect((await check({ purpose: 'mobile_change', userId: user.id, code }, at(t0, MIN))).ok).toBe(false);
  });

  it('counts wrong codes; the 5th wrong one exhausts it, and then even the right code fails', async () => {
    const user = await newUser();
    const t0 = new Date('2030-01-01T12:00:00Z');
    const code = await createCode(getDb(), { purpose: 'email_change', target: 'new@example.test', userId: user.id }, t0);
    const wrong = code === 'ABCDEFGH' ? 'ABCDEFGJ' : 'ABCDEFGH';
    for (let i = 1; i < CODE_ATTEMPTS; i++) {
      expect(await check({ purpose: 'email_change', userId: user.id, code: wrong }, t0)).toEqual({ ok: false, reason: 'wrong' });
      expect((await rowsOf(user.id))[0]!.attempts).toBe(i);
    }
    expect(await check({ purpose: 'email_change', userId: user.id, code: wrong }, t0)).toEqual({ ok: false, reason: 'exhausted' });
    expect((await rowsOf(user.id))[0]).toMatchObject({ attempts: CODE_ATTEMPTS, consumedAt: t0 });
    expect((await check({ purpose: 'email_change', userId: user.id, code }, t0)).ok).toBe(false);
  });

  it('the right code after 4 wrong ones still works', async () => {
    const user = await newUser();
    const t0 = new Date('2030-01-01T12:00:00Z');
    const code = await createCode(getDb(), { purpose: 'email_change', target: 'new@example.test', userId: user.id }, t0);
    for (let i = 1; i < CODE_ATTEMPTS; i++) await check({ purpose: 'email_change', userId: user.id, code: '22222222' === code ? '33333333' : '22222222' }, t0);
    expect(await check({ purpose: 'email_change', userId: user.id, code }, t0)).toEqual({ ok: true, target: 'new@example.test' });
  });

  it('concurrent guesses are all counted: no more than 5 are evaluated', async () => {
    const user = await newUser();
    const t0 = new Date('2030-01-01T12:00:00Z');
    const code = await createCode(getDb(), { purpose: 'email_change', target: 'new@example.test', userId: user.id }, t0);
    const guesses = Array.from({ length: 12 }, (_, i) => `WRONG${String(100 + i)}`.slice(0, 8)).filter((g) => g !== code);
    const results = await Promise.all(guesses.map((g) => check({ purpose: 'email_change', userId: user.id, code: g }, t0)));
    expect(results.filter((r) => !r.ok && r.reason === 'wrong')).toHaveLength(CODE_ATTEMPTS - 1);
    expect(results.filter((r) => !r.ok && r.reason === 'exhausted')).toHaveLength(1);
    expect((await check({ purpose: 'email_change', userId: user.id, code }, t0)).ok).toBe(false);
  });

  it('concurrent submissions of the right code: exactly one succeeds', async () => {
    const user = await newUser();
    const t0 = new Date('2030-01-01T12:00:00Z');
    const code = await createCode(getDb(), { purpose: 'email_change', target: 'new@example.test', userId: user.id }, t0);
    const results = await Promise.all(Array.from({ length: 8 }, () => check({ purpose: 'email_change', userId: user.id, code }, t0)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it('expire after 10 minutes', async () => {
    const user = await newUser();
    const t0 = new Date('2030-01-01T12:00:00Z');
    const late = await createCode(getDb(), { purpose: 'a', target: 'x', userId: user.id }, t0);
    expect(await check({ purpose: 'a', userId: user.id, code: late }, at(t0, 10 * MIN))).toEqual({ ok: false, reason: 'expired' });
    const inTime = await createCode(getDb(), { purpose: 'b', target: 'x', userId: user.id }, t0);
    expect(await check({ purpose: 'b', userId: user.id, code: inTime }, at(t0, 10 * MIN - 1))).toEqual({ ok: true, target: 'x' });
  });

  it('a new code replaces the old one', async () => {
    const user = await newUser();
    const t0 = new Date('2030-01-01T12:00:00Z');
    const old = await createCode(getDb(), { purpose: 'email_change', target: 'old@example.test', userId: user.id }, t0);
    const fresh = await createCode(getDb(), { purpose: 'email_change', target: 'new@example.test', userId: user.id }, at(t0, MIN));
    expect(fresh).not.toBe(old);
    expect((await check({ purpose: 'email_change', userId: user.id, code: old }, at(t0, 2 * MIN))).ok).toBe(false);
    expect(await check({ purpose: 'email_change', userId: user.id, code: fresh }, at(t0, 2 * MIN))).toEqual({ ok: true, target: 'new@example.test' });
    const rows = await rowsOf(user.id);
    expect(rows.every((r) => r.consumedAt !== null)).toBe(true);
  });

  it("are bound to their user and purpose: another user's or purpose's code fails", async () => {
    const a = await newUser();
    const b = await newUser();
    const t0 = new Date('2030-01-01T12:00:00Z');
    const codeA = await createCode(getDb(), { purpose: 'email_change', target: 'a@example.test', userId: a.id }, t0);
    await createCode(getDb(), { purpose: 'email_change', target: 'b@example.test', userId: b.id }, t0);
    await createCode(getDb(), { purpose: 'mobile_change', target: '+447700900123', userId: a.id }, t0);
    expect(await check({ purpose: 'email_change', userId: b.id, code: codeA }, t0)).toEqual({ ok: false, reason: 'wrong' });
    expect(await check({ purpose: 'mobile_change', userId: a.id, code: codeA }, t0)).toEqual({ ok: false, reason: 'wrong' });
    expect(await check({ purpose: 'email_change', userId: a.id, code: codeA }, t0)).toEqual({ ok: true, target: 'a@example.test' });
  });

  it('with no code outstanding, any guess fails', async () => {
    const user = await newUser();
    expect(await check({ purpose: 'email_change', userId: user.id, code: 'ABCDEFGH' }, new Date())).toEqual({ ok: false, reason: 'expired' });
  });
});
