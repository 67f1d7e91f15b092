import { randomInt } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { loginEvents, throttles } from '@/db/schema';
import { createAccount } from '@/test/vitest/use-cases/accounts';
import { verifyPasswordSignIn, verifyPinSignIn } from './credentials';
import { clearThrottle, consumeRateLimit, IP_POLICY, lockDurationMs, MAIL_POLICY, PASSWORD_POLICY, PIN_POLICY, withThrottle, type ThrottlePolicy } from './throttle';
import { uid } from '@/test/kit/ids';
import { throttleKeys } from '@/server/auth/throttle-keys';

const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
/** A valid UK mobile (07900 range) unique enough for one test database. */
const uniqueMobile = () => `+44790${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);
const ctx = (ip: string | null, userAgent = 'vitest') => ({ ip, userAgent, requestId: null });

/** Runs one throttled attempt; `calls` counts how often the attempt itself ran. */
async function attempt(key: string, now: Date, success: boolean, opts: { policy?: ThrottlePolicy; ip?: string | null; calls?: { n: number } } = {}) {
  return getDb().transaction((tx) =>
    withThrottle(tx, { identifier: key, identifierPolicy: opts.policy ?? PIN_POLICY, ip: opts.ip }, now, async () => {
      if (opts.calls) opts.calls.n++;
      return { success, value: success ? 'yes' : 'no' };
    }),
  );
}

async function throttleRow(key: string) {
  const [row] = await getDb().select().from(throttles).where(eq(throttles.key, key));
  return row;
}

async function newUser(opts: { pin?: string; password?: string } = {}) {
  const id = uid();
  const username = `thr${id}`;
  const mobile = uniqueMobile();
  const password = opts.password ?? `quiet harbour ${id} lantern`;
  const created = await createAccount({ username, email: `${username}@example.test`, password, mobile, pin: opts.pin ?? '482916', verified: true });
  if (!created.ok) throw new Error(JSON.stringify(created.fieldErrors));
  return { userId: created.userId, username, mobile, password, pin: opts.pin ?? '482916' };
}

describe('lockDurationMs', () => {
  it('allows the free failures, then doubles from the base lock up to the cap', () => {
    for (let f = 0; f < PIN_POLICY.free; f++) expect(lockDurationMs(PIN_POLICY, f)).toBe(0);
    expect(lockDurationMs(PIN_POLICY, 5)).toBe(15 * MIN);
    expect(lockDurationMs(PIN_POLICY, 6)).toBe(30 * MIN);
    expect(lockDurationMs(PIN_POLICY, 7)).toBe(60 * MIN);
    expect(lockDurationMs(PIN_POLICY, 11)).toBe(16 * HOUR);
    expect(lockDurationMs(PIN_POLICY, 12)).toBe(24 * HOUR);
    expect(lockDurationMs(PIN_POLICY, 10_000)).toBe(24 * HOUR);
  });
  it('gives passwords growing delays from the 10th failure', () => {
    for (let f = 0; f < 10; f++) expect(lockDurationMs(PASSWORD_POLICY, f)).toBe(0);
    expect(lockDurationMs(PASSWORD_POLICY, 10)).toBe(30 * SEC);
    expect(lockDurationMs(PASSWORD_POLICY, 11)).toBe(60 * SEC);
    expect(lockDurationMs(PASSWORD_POLICY, 12)).toBe(120 * SEC);
    expect(lockDurationMs(PASSWORD_POLICY, 1_000)).toBe(PASSWORD_POLICY.maxLockMs);
  });
  it('is monotonic', () => {
    for (const policy of [PIN_POLICY, PASSWORD_POLICY, IP_POLICY, MAIL_POLICY]) {
      for (let f = 1; f < 200; f++) expect(lockDurationMs(policy, f)).toBeGreaterThanOrEqual(lockDurationMs(policy, f - 1));
    }
  });
});

describe('withThrottle', () => {
  it('locks after 5 failures until now + 15 min, without running the attempt', async () => {
    const key = `pin:test-${uid()}`;
    const t0 = new Date('2030-01-01T10:00:00Z');
    const calls = { n: 0 };
    for (let i = 0; i < 5; i++) expect(await attempt(key, t0, false, { calls })).toEqual({ status: 'done', value: 'no' });
    expect(calls.n).toBe(5);
    // Even the right secret is not evaluated while locked.
    expect(await attempt(key, at(t0, SEC), true, { calls })).toEqual({ status: 'locked', retryAt: at(t0, 15 * MIN) });
    expect(await attempt(key, at(t0, 15 * MIN - 1), true, { calls })).toEqual({ status: 'locked', retryAt: at(t0, 15 * MIN) });
    expect(calls.n).toBe(5);
    expect(await throttleRow(key)).toMatchObject({ failures: 5, lockedUntil: at(t0, 15 * MIN) });
  });

  it('grows the lock with each failure after it expires', async () => {
    const key = `pin:test-${uid()}`;
    const t0 = new Date('2030-01-01T10:00:00Z');
    for (let i = 0; i < 5; i++) await attempt(key, t0, false);
    const t1 = at(t0, 15 * MIN);
    expect(await attempt(key, t1, false)).toEqual({ status: 'done', value: 'no' });
    expect(await attempt(key, at(t1, SEC), false)).toEqual({ status: 'locked', retryAt: at(t1, 30 * MIN) });
    const t2 = at(t1, 30 * MIN);
    expect(await attempt(key, t2, false)).toEqual({ status: 'done', value: 'no' });
    expect(await attempt(key, at(t2, SEC), false)).toEqual({ status: 'locked', retryAt: at(t2, 60 * MIN) });
  });

  it('resets the count on success', async () => {
    const key = `pin:test-${uid()}`;
    const t0 = new Date('2030-01-01T10:00:00Z');
    for (let i = 0; i < 4; i++) await attempt(key, t0, false);
    expect(await attempt(key, t0, true)).toEqual({ status: 'done', value: 'yes' });
    expect(await throttleRow(key)).toMatchObject({ failures: 0, lockedUntil: null });
    for (let i = 0; i < 4; i++) expect((await attempt(key, t0, false)).status).toBe('done');
    expect((await attempt(key, t0, false)).status).toBe('done'); // the 5th failure since the success
    expect((await attempt(key, t0, false)).status).toBe('locked');
  });

  it('with a quiet period (passwords, rate limits): starts counting again after it, not before', async () => {
    const windowed: ThrottlePolicy = { ...PIN_POLICY, resetAfterMs: 24 * HOUR };
    const t0 = new Date('2030-01-01T10:00:00Z');
    const quiet = `pw:test-${uid()}`;
    for (let i = 0; i < 4; i++) await attempt(quiet, t0, false, { policy: windowed });
    const later = at(t0, 24 * HOUR + MIN);
    for (let i = 0; i < 4; i++) expect((await attempt(quiet, later, false, { policy: windowed })).status).toBe('done');
    expect(await throttleRow(quiet)).toMatchObject({ failures: 4, lockedUntil: null });

    const busy = `pw:test-${uid()}`;
    for (let i = 0; i < 4; i++) await attempt(busy, t0, false, { policy: windowed });
    const sooner = at(t0, 24 * HOUR - MIN);
    expect((await attempt(busy, sooner, false, { policy: windowed })).status).toBe('done');
    expect(await attempt(busy, sooner, false, { policy: windowed })).toEqual({ status: 'locked', retryAt: at(sooner, 15 * MIN) });
  });

  it('PIN: waiting out a lock, or days of quiet, never gives fresh free attempts; the lock keeps growing up to a day', async () => {
    const key = `pin:test-${uid()}`;
    const t0 = new Date('2030-01-01T10:00:00Z');
    for (let i = 0; i < 5; i++) await attempt(key, t0, false);
    // Three quiet days later (past any window): one guess, and the lock is back, twice as long.
    const t1 = at(t0, 3 * 24 * HOUR);
    expect(await attempt(key, t1, false)).toEqual({ status: 'done', value: 'no' });
    expect(await attempt(key, at(t1, SEC), false)).toEqual({ status: 'locked', retryAt: at(t1, 30 * MIN) });
    expect(await throttleRow(key)).toMatchObject({ failures: 6 });
    // Each guess after a lock ends doubles it, up to 24 hours; waiting a day and a bit each time still gives one guess only.
    let t = t1;
    for (const lock of [60 * MIN, 2 * HOUR, 4 * HOUR, 8 * HOUR, 16 * HOUR, 24 * HOUR, 24 * HOUR, 24 * HOUR]) {
      t = at(t, 25 * HOUR);
      expect(await attempt(key, t, false)).toEqual({ status: 'done', value: 'no' });
      expect(await attempt(key, at(t, SEC), true)).toEqual({ status: 'locked', retryAt: at(t, lock) });
    }
    expect(await throttleRow(key)).toMatchObject({ failures: 14 });
    // A success (the right PIN once the lock is over) is what clears it.
    expect(await attempt(key, at(t, 25 * HOUR), true)).toEqual({ status: 'done', value: 'yes' });
    expect(await throttleRow(key)).toMatchObject({ failures: 0, lockedUntil: null });
  });

  it('clearThrottle forgets the failures of one key only', async () => {
    const key = `pin:test-${uid()}`;
    const other = `pin:test-${uid()}`;
    const t0 = new Date('2030-01-01T10:00:00Z');
    for (let i = 0; i < 5; i++) {
      await attempt(key, t0, false);
      await attempt(other, t0, false);
    }
    await clearThrottle(getDb(), key, at(t0, MIN));
    expect(await throttleRow(key)).toMatchObject({ failures: 0, lockedUntil: null });
    expect((await attempt(key, at(t0, MIN), false)).status).toBe('done');
    expect((await attempt(other, at(t0, MIN), true)).status).toBe('locked');
  });

  it('counts failures per IP across identifiers, and an IP lock stops every identifier', async () => {
    const ip = `198.51.100.${randomInt(1, 255)}-${uid()}`; // the key is text; uniqueness matters, not the format
    const t0 = new Date('2030-01-01T10:00:00Z');
    for (let i = 0; i < 3; i++) await attempt(`pin:test-${uid()}`, t0, false, { ip });
    expect(await throttleRow(throttleKeys.ip(ip))).toMatchObject({ failures: 3, lockedUntil: null });

    await getDb()
      .update(throttles)
      .set({ failures: IP_POLICY.free, lockedUntil: at(t0, 5 * MIN) })
      .where(eq(throttles.key, throttleKeys.ip(ip)));
    const calls = { n: 0 };
    expect(await attempt(`pin:test-${uid()}`, t0, true, { ip, calls })).toEqual({ status: 'locked', retryAt: at(t0, 5 * MIN) });
    expect(calls.n).toBe(0);
    // Another network is not affected.
    expect((await attempt(`pin:test-${uid()}`, t0, true, { ip: `other-${uid()}` })).status).toBe('done');
  });
});

describe('consumeRateLimit', () => {
  const use = (key: string, now: Date, policy = MAIL_POLICY) => getDb().transaction((tx) => consumeRateLimit(tx, key, policy, now));

  it('allows `free` uses per window, then refuses until the lock and window pass', async () => {
    const key = `mail:test-${uid()}`;
    const t0 = new Date('2030-01-01T10:00:00Z');
    expect(await use(key, t0)).toBe(true);
    expect(await use(key, at(t0, MIN))).toBe(true);
    expect(await use(key, at(t0, 2 * MIN))).toBe(true);
    expect(await use(key, at(t0, 3 * MIN))).toBe(false);
    expect(await use(key, at(t0, 10 * MIN))).toBe(false);
    expect(await use(key, at(t0, 17 * MIN))).toBe(false); // locked until 3 + 15 min
    expect(await use(key, at(t0, 19 * MIN))).toBe(true); // lock over and window past: a fresh window
    expect(await use(key, at(t0, 20 * MIN))).toBe(true);
    expect(await use(key, at(t0, 21 * MIN))).toBe(true);
    expect(await use(key, at(t0, 22 * MIN))).toBe(false);
  });

  it('a new window starts after resetAfterMs of the first use', async () => {
    const key = `mail:test-${uid()}`;
    const t0 = new Date('2030-01-01T10:00:00Z');
    for (let i = 0; i < 3; i++) expect(await use(key, at(t0, i * MIN))).toBe(true);
    expect(await use(key, at(t0, MAIL_POLICY.resetAfterMs! + SEC))).toBe(true);
  });

  it('lets exactly `free` of many concurrent uses through', async () => {
    const key = `mail:test-${uid()}`;
    const t0 = new Date('2030-01-01T10:00:00Z');
    const results = await Promise.all(Array.from({ length: 10 }, () => use(key, t0)));
    expect(results.filter(Boolean)).toHaveLength(MAIL_POLICY.free);
    expect(await use(key, at(t0, MIN))).toBe(false);
  });
});

describe('brute force against sign-in', () => {
  async function eventsOf(where: ReturnType<typeof eq>) {
    const rows = await getDb().select({ reason: loginEvents.reason, ip: loginEvents.ip }).from(loginEvents).where(where);
    const count = (reason: string) => rows.filter((r) => r.reason === reason).length;
    return { total: rows.length, bad: count('bad_credentials'), locked: count('locked'), ok: count('ok'), ips: new Set(rows.map((r) => r.ip)) };
  }

  it('20 concurrent wrong PINs from 20 IPs: at most 5 evaluated, the rest locked; then the right PIN is locked too', async () => {
    const user = await newUser();
    const now = new Date();
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => verifyPinSignIn(user.mobile, String(500_000 + i), ctx(`203.0.113.${i + 1}`), now)));
    const events = await eventsOf(eq(loginEvents.userId, user.userId));
    expect(events.total).toBe(20);
    expect(events.bad).toBeLessThanOrEqual(5);
    expect(events.bad).toBe(5); // serialized on the identifier row: exactly the free attempts were evaluated
    expect(events.locked).toBe(15);
    expect(events.ips.size).toBe(20);
    expect(outcomes.filter((o) => !o.ok && o.reason === 'invalid')).toHaveLength(5);
    const locked = outcomes.filter((o) => !o.ok && o.reason === 'locked');
    expect(locked).toHaveLength(15);
    for (const o of locked) expect(o).toEqual({ ok: false, reason: 'locked', retryAt: at(now, 15 * MIN) });

    const right = await verifyPinSignIn(user.mobile, user.pin, ctx('192.0.2.77'), at(now, MIN));
    expect(right).toEqual({ ok: false, reason: 'locked', retryAt: at(now, 15 * MIN) });
    expect((await eventsOf(eq(loginEvents.userId, user.userId))).ok).toBe(0);

    // After the lock the right PIN works again (the lock really was the reason).
    expect(await verifyPinSignIn(user.mobile, user.pin, ctx('192.0.2.77'), at(now, 15 * MIN + SEC))).toEqual({ ok: true, userId: user.userId, role: 'customer', secondStep: false });
  });

  it('an unknown mobile locks identically', async () => {
    const mobile = uniqueMobile();
    const ua = `ua-${uid()}`;
    const now = new Date();
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => verifyPinSignIn(mobile, String(500_000 + i), ctx(`203.0.113.${i + 1}`, ua), now)));
    const events = await eventsOf(eq(loginEvents.userAgent, ua));
    expect(events).toMatchObject({ total: 20, bad: 5, locked: 15, ok: 0 });
    expect(outcomes.filter((o) => !o.ok && o.reason === 'invalid')).toHaveLength(5);
    for (const o of outcomes.filter((o) => !o.ok && o.reason === 'locked')) expect(o).toEqual({ ok: false, reason: 'locked', retryAt: at(now, 15 * MIN) });
    expect((await throttleRow(throttleKeys.pin(mobile)))?.failures).toBe(5);
    const [{ n }] = (await getDb().execute(sql`select count(*)::int as n from login_events where user_agent = ${ua} and user_id is not null`)) as unknown as [{ n: number }];
    expect(n).toBe(0);
  });

  it('passwords: 10 failures are evaluated, then growing delays; the right password is refused while delayed', async () => {
    const user = await newUser();
    const t0 = new Date();
    for (let i = 0; i < 10; i++) expect(await verifyPasswordSignIn(user.username, `wrong password ${i}`, ctx('192.0.2.1'), t0)).toEqual({ ok: false, reason: 'invalid' });
    expect(await verifyPasswordSignIn(user.username, user.password, ctx('192.0.2.1'), t0)).toEqual({ ok: false, reason: 'locked', retryAt: at(t0, 30 * SEC) });
    // The delay keys on the normalized identifier: another case does not get round it.
    expect(await verifyPasswordSignIn(user.username.toUpperCase(), user.password, ctx('192.0.2.2'), t0)).toMatchObject({ reason: 'locked' });

    const t1 = at(t0, 30 * SEC);
    expect(await verifyPasswordSignIn(user.username, 'wrong again', ctx('192.0.2.1'), t1)).toEqual({ ok: false, reason: 'invalid' });
    expect(await verifyPasswordSignIn(user.username, user.password, ctx('192.0.2.1'), t1)).toEqual({ ok: false, reason: 'locked', retryAt: at(t1, 60 * SEC) });
    const t2 = at(t1, 60 * SEC);
    expect(await verifyPasswordSignIn(user.username, 'wrong again', ctx('192.0.2.1'), t2)).toEqual({ ok: false, reason: 'invalid' });
    expect(await verifyPasswordSignIn(user.username, user.password, ctx('192.0.2.1'), t2)).toEqual({ ok: false, reason: 'locked', retryAt: at(t2, 120 * SEC) });

    const t3 = at(t2, 120 * SEC);
    expect(await verifyPasswordSignIn(user.username, user.password, ctx('192.0.2.1'), t3)).toEqual({ ok: true, userId: user.userId, role: 'customer', secondStep: false });
    expect(await throttleRow(throttleKeys.password(user.username))).toMatchObject({ failures: 0, lockedUntil: null });
    const rows = await getDb()
      .select({ reason: loginEvents.reason })
      .from(loginEvents)
      .where(and(eq(loginEvents.userId, user.userId), eq(loginEvents.method, 'password')));
    expect(rows.filter((r) => r.reason === 'bad_credentials')).toHaveLength(12);
    expect(rows.filter((r) => r.reason === 'locked')).toHaveLength(4);
  });
  it('the email and the username of one account share one throttle: 10 wrong passwords by email delay the username too', async () => {
    const user = await newUser();
    const email = `${user.username}@example.test`;
    const t0 = new Date();
    for (let i = 0; i < 10; i++) expect(await verifyPasswordSignIn(i % 2 ? email.toUpperCase() : email, `wrong password ${i}`, ctx(`192.0.2.${i + 10}`), t0)).toEqual({ ok: false, reason: 'invalid' });
    expect(await verifyPasswordSignIn(user.username, user.password, ctx('192.0.2.99'), t0)).toEqual({ ok: false, reason: 'locked', retryAt: at(t0, 30 * SEC) });
    expect(await throttleRow(throttleKeys.password(user.username))).toMatchObject({ failures: 10 });
    expect(await throttleRow(throttleKeys.password(email))).toBeUndefined();
    // And the other way round: failures by username count against sign-in by email.
    const other = await newUser();
    for (let i = 0; i < 10; i++) await verifyPasswordSignIn(other.username, `wrong password ${i}`, ctx('192.0.2.50'), t0);
    expect(await verifyPasswordSignIn(`${other.username}@example.test`, other.password, ctx('192.0.2.51'), t0)).toMatchObject({ ok: false, reason: 'locked' });
    // An identifier that matches no account keeps a throttle of its own.
    const ghost = `ghost${uid()}@example.test`;
    await verifyPasswordSignIn(ghost, 'whatever it may be', ctx('192.0.2.52'), t0);
    expect(await throttleRow(throttleKeys.password(ghost))).toMatchObject({ failures: 1 });
  });

  it('PIN sign-in: a week of waiting after the lockout gives one guess, not five', async () => {
    const user = await newUser();
    const t0 = new Date();
    for (let i = 0; i < 5; i++) await verifyPinSignIn(user.mobile, String(600_000 + i), ctx(`198.51.100.${i + 1}`), t0);
    const later = at(t0, 7 * 24 * HOUR);
    expect(await verifyPinSignIn(user.mobile, '600010', ctx('198.51.100.20'), later)).toEqual({ ok: false, reason: 'invalid' });
    expect(await verifyPinSignIn(user.mobile, '600011', ctx('198.51.100.21'), later)).toEqual({ ok: false, reason: 'locked', retryAt: at(later, 30 * MIN) });
    expect(await verifyPinSignIn(user.mobile, user.pin, ctx('198.51.100.22'), at(later, 30 * MIN))).toEqual({ ok: true, userId: user.userId, role: 'customer', secondStep: false });
  });
});
