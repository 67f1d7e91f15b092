import { randomInt } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { loginEvents, users } from '@/db/schema';
import { createAccount } from '@/test/vitest/use-cases/accounts';
import { verifyPasswordSignIn, verifyPinSignIn } from './credentials';
import { hashSecret } from './hash';
import { uid } from '@/test/kit/ids';

const uniqueMobile = () => `+44790${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
const ctx = (ip: string | null = '203.0.113.10', userAgent: string | null = 'vitest') => ({ ip, userAgent, requestId: null });
const INVALID = { ok: false, reason: 'invalid' };

async function newUser(opts: { role?: 'customer' | 'staff' | 'admin'; withPin?: boolean } = {}) {
  const id = uid();
  const username = `cred${id}`;
  const email = `Cred.${id}@Example.test`;
  const password = `quiet harbour ${id} lantern`;
  const withPin = opts.withPin ?? (opts.role ?? 'customer') === 'customer';
  const mobile = uniqueMobile();
  const pin = '482916';
  const created = await createAccount({ username, email, password, mobile, pin: withPin ? pin : undefined, role: opts.role, verified: true });
  if (!created.ok) throw new Error(JSON.stringify(created.fieldErrors));
  return { userId: created.userId, username, email, password, mobile, pin, role: opts.role ?? 'customer' };
}

describe('password sign-in', () => {
  it('accepts the username in any case, width and padding', async () => {
    const u = await newUser();
    const ok = { ok: true, userId: u.userId, role: 'customer', secondStep: false };
    expect(await verifyPasswordSignIn(u.username, u.password, ctx())).toEqual(ok);
    expect(await verifyPasswordSignIn(u.username.toUpperCase(), u.password, ctx())).toEqual(ok);
    expect(await verifyPasswordSignIn(`  ${u.username}  `, u.password, ctx())).toEqual(ok);
    const fullWidth = [...u.username.toUpperCase()].map((c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0)).join('');
    expect(await verifyPasswordSignIn(fullWidth, u.password, ctx())).toEqual(ok);
  });

  it('accepts the email in any case', async () => {
    const u = await newUser();
    const ok = { ok: true, userId: u.userId, role: 'customer', secondStep: false };
    expect(await verifyPasswordSignIn(u.email, u.password, ctx())).toEqual(ok);
    expect(await verifyPasswordSignIn(u.email.toLowerCase(), u.password, ctx())).toEqual(ok);
    expect(await verifyPasswordSignIn(` ${u.email.toUpperCase()} `, u.password, ctx())).toEqual(ok);
  });

  it('matches the password NFKC-normalized but otherwise exactly', async () => {
    const u = await newUser();
    const fullWidth = [...u.password].map((c) => (c === ' ' ? '\u3000' : String.fromCodePoint(c.codePointAt(0)! + 0xfee0))).join('');
    expect(await verifyPasswordSignIn(u.username, fullWidth, ctx())).toMatchObject({ ok: true });
    expect(await verifyPasswordSignIn(u.username, u.password.toUpperCase(), ctx())).toEqual(INVALID);
    expect(await verifyPasswordSignIn(u.username, `${u.password} `, ctx())).toEqual(INVALID);
  });

  it('answers a wrong password and an unknown account identically', async () => {
    const u = await newUser();
    const wrong = await verifyPasswordSignIn(u.username, 'not the password at all', ctx());
    const unknownName = await verifyPasswordSignIn(`nobody${uid()}`, 'not the password at all', ctx());
    const unknownEmail = await verifyPasswordSignIn(`nobody${uid()}@example.test`, u.password, ctx());
    expect(wrong).toEqual(INVALID);
    expect(unknownName).toEqual(wrong);
    expect(unknownEmail).toEqual(wrong);
    // Nor does another user's password open this account.
    const other = await newUser();
    expect(await verifyPasswordSignIn(u.username, other.password, ctx())).toEqual(wrong);
  });

  it('refuses a disabled account even with the right secret, like a wrong one', async () => {
    const u = await newUser();
    await getDb().update(users).set({ status: 'disabled' }).where(eq(users.id, u.userId));
    expect(await verifyPasswordSignIn(u.username, u.password, ctx())).toEqual(INVALID);
    expect(await verifyPinSignIn(u.mobile, u.pin, ctx())).toEqual(INVALID);
    await getDb().update(users).set({ status: 'active' }).where(eq(users.id, u.userId));
    expect(await verifyPasswordSignIn(u.username, u.password, ctx())).toMatchObject({ ok: true });
  });

  it('costs an unknown account about as much time as a wrong password (dummy verify)', async () => {
    const u = await newUser();
    const unknown = `nobody${uid()}`;
    const time = async (identifier: string, now?: Date) => {
      const started = performance.now();
      const outcome = await verifyPasswordSignIn(identifier, 'wrong password here', ctx(null), now);
      expect(outcome).toEqual(INVALID);
      return performance.now() - started;
    };
    // Warm up both paths (the dummy hash is computed on first use).
    await time(u.username);
    await time(unknown);
    // Interleaved samples, each a day apart on the injected clock so the password throttle never delays one.
    const base = Date.now();
    const known: number[] = [];
    const missing: number[] = [];
    for (let i = 1; i <= 12; i++) {
      const now = new Date(base + i * 25 * 3_600_000);
      known.push(await time(u.username, now));
      missing.push(await time(unknown, now));
    }
    // Medians, not means: on a loaded 2-core machine one descheduled call can double a mean of 12.
    const median = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      return (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
    };
    const ratio = median(missing) / median(known);
    const detail = `unknown ${median(missing).toFixed(1)} ms vs wrong password ${median(known).toFixed(1)} ms`;
    expect(ratio, detail).toBeGreaterThan(0.5);
    expect(ratio, detail).toBeLessThan(2);
  });
});

describe('PIN sign-in', () => {
  it('signs a customer in with mobile and PIN', async () => {
    const u = await newUser();
    expect(await verifyPinSignIn(u.mobile, u.pin, ctx())).toEqual({ ok: true, userId: u.userId, role: 'customer', secondStep: false });
  });

  it('answers a wrong PIN, an unknown mobile and an account without a PIN identically', async () => {
    const u = await newUser();
    const noPin = await newUser({ withPin: false });
    const wrong = await verifyPinSignIn(u.mobile, '918273', ctx());
    expect(wrong).toEqual(INVALID);
    expect(await verifyPinSignIn(uniqueMobile(), u.pin, ctx())).toEqual(wrong);
    expect(await verifyPinSignIn(noPin.mobile, u.pin, ctx())).toEqual(wrong);
  });

  it('never signs staff or admins in by PIN, even with a pin_hash set directly', async () => {
    for (const role of ['staff', 'admin'] as const) {
      const s = await newUser({ role });
      await getDb().update(users).set({ pinHash: await hashSecret(s.pin) }).where(eq(users.id, s.userId));
      expect(await verifyPinSignIn(s.mobile, s.pin, ctx())).toEqual(INVALID);
      // Their password still works, and the same row as a customer would accept the PIN: the role is what refuses it.
      expect(await verifyPasswordSignIn(s.username, s.password, ctx())).toEqual({ ok: true, userId: s.userId, role, secondStep: false });
      await getDb().update(users).set({ role: 'customer' }).where(eq(users.id, s.userId));
      expect(await verifyPinSignIn(s.mobile, s.pin, ctx())).toMatchObject({ ok: true, userId: s.userId });
    }
  });
});

describe('login events', () => {
  it('records every attempt with method, reason, IP and user agent', async () => {
    const u = await newUser();
    const ua = `Mozilla/5.0 vitest ${uid()}`;
    const now = new Date('2031-03-04T05:06:07Z');
    await verifyPasswordSignIn(u.username, u.password, ctx('203.0.113.45', ua), now);
    await verifyPasswordSignIn(u.email, 'wrong password', ctx('2001:db8::1', ua), now);
    await verifyPinSignIn(u.mobile, u.pin, ctx('198.51.100.7', ua), now);
    await verifyPinSignIn(u.mobile, '918273', ctx(null, ua), now);
    await verifyPasswordSignIn(`ghost${uid()}`, 'whatever it is', ctx('203.0.113.46', ua), now);

    const rows = await getDb().select().from(loginEvents).where(eq(loginEvents.userAgent, ua)).orderBy(loginEvents.id);
    expect(rows.map(({ userId, success, method, reason, ip, createdAt }) => ({ userId, success, method, reason, ip, createdAt }))).toEqual([
      { userId: u.userId, success: true, method: 'password', reason: 'ok', ip: '203.0.113.45', createdAt: now },
      { userId: u.userId, success: false, method: 'password', reason: 'bad_credentials', ip: '2001:db8::1', createdAt: now },
      { userId: u.userId, success: true, method: 'pin', reason: 'ok', ip: '198.51.100.7', createdAt: now },
      { userId: u.userId, success: false, method: 'pin', reason: 'bad_credentials', ip: null, createdAt: now },
      { userId: null, success: false, method: 'password', reason: 'bad_credentials', ip: '203.0.113.46', createdAt: now },
    ]);
    // No secret is stored in the events.
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(u.password);
    expect(dump).not.toContain(u.pin);
  });
});
