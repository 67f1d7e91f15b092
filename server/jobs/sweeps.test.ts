import { randomBytes } from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { analyticsDaily, analyticsEvents, loginEvents, outbox, sessions, throttles, users, verifications } from '@/db/schema';
import { RETENTION } from '@/lib/retention';
import { consumeRateLimit, IP_POLICY, MAIL_POLICY, PASSWORD_POLICY, PIN_POLICY, withThrottle } from '../auth/throttle';
import { sweepLoginHistory, sweepMailBodies, sweepRawAnalytics, sweepSessions, sweepThrottles, sweepVerifications } from './sweeps';
import { ownerSql } from '@/scripts/testing/owner-db';
import { throttleKeys } from '@/server/auth/throttle-keys';

const now = new Date('2030-09-15T03:17:00Z');
const MS = 1;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(now.getTime() - ms);

let userId: string;
beforeAll(async () => {
  const username = `sweep${randomBytes(4).toString('hex')}`;
  const [u] = await getDb().insert(users).values({ username, email: `${username}@example.test`, emailNormalized: `${username}@example.test`, passwordHash: 'unused' }).returning({ id: users.id });
  userId = u!.id;
});

/** Ids that still exist among `ids`. */
const remaining = async (table: typeof loginEvents | typeof analyticsEvents, ids: number[]) =>
  (await getDb().select({ id: table.id }).from(table).where(inArray(table.id, ids))).map((r) => r.id).sort((a, b) => a - b);

describe('sweepLoginHistory', () => {
  it('deletes login history older than 90 days, and nothing newer', async () => {
    const at = (label: string, createdAt: Date) => ({ label, createdAt });
    const cases = [
      at('91 days', ago(91 * DAY)),
      at('90 days and 1 ms', ago(90 * DAY + MS)),
      at('exactly 90 days', ago(90 * DAY)),
      at('89 days', ago(89 * DAY)),
      at('just now', now),
    ];
    const rows = await getDb()
      .insert(loginEvents)
      .values(cases.map((c, i) => ({ userId: i % 2 ? userId : null, success: i % 2 === 0, method: 'password' as const, reason: 'test', ip: '203.0.113.1', createdAt: c.createdAt })))
      .returning({ id: loginEvents.id });
    const ids = rows.map((r) => r.id);
    expect(await sweepLoginHistory(getDb(), now)).toBe(2);
    expect(await remaining(loginEvents, ids)).toEqual(ids.slice(2));
    // Again: nothing more to do.
    expect(await sweepLoginHistory(getDb(), now)).toBe(0);
  });
});

describe('sweepSessions', () => {
  it('deletes sessions a day past their absolute expiry, revoked or not, and keeps every other', async () => {
    const mk = (label: string, absoluteExpiresAt: Date, revokedAt: Date | null = null) => ({ label, absoluteExpiresAt, revokedAt });
    const cases = [
      mk('expired 2 days ago', ago(2 * DAY)),
      mk('expired a day and 1 ms ago, revoked', ago(DAY + MS), ago(3 * DAY)),
      mk('expired exactly a day ago', ago(DAY)),
      mk('expired an hour ago', ago(HOUR)),
      mk('revoked yesterday, expires tomorrow', new Date(now.getTime() + DAY), ago(DAY + HOUR)),
      mk('active', new Date(now.getTime() + 6 * HOUR)),
    ];
    const rows = await getDb()
      .insert(sessions)
      .values(cases.map((c) => ({ userId, authMethod: 'password' as const, createdAt: ago(5 * DAY), lastSeenAt: ago(4 * DAY), absoluteExpiresAt: c.absoluteExpiresAt, revokedAt: c.revokedAt })))
      .returning({ id: sessions.id });
    expect(await sweepSessions(getDb(), now)).toBe(2);
    const left = await getDb().select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, userId));
    expect(new Set(left.map((r) => r.id))).toEqual(new Set(rows.slice(2).map((r) => r.id)));
    expect(await sweepSessions(getDb(), now)).toBe(0);
  });
});

describe('sweepVerifications', () => {
  it('deletes codes expired or used more than a day ago, and keeps live and recent ones', async () => {
    const mk = (label: string, expiresAt: Date, consumedAt: Date | null = null) => ({ label, expiresAt, consumedAt });
    const cases = [
      mk('expired 2 days ago', ago(2 * DAY)),
      mk('expired a day and 1 ms ago', ago(DAY + MS)),
      mk('used a day and 1 ms ago, still valid', new Date(now.getTime() + HOUR), ago(DAY + MS)),
      mk('expired exactly a day ago', ago(DAY)),
      mk('expired an hour ago', ago(HOUR)),
      mk('used an hour ago', ago(HOUR - 10 * 60_000), ago(HOUR)),
      mk('live', new Date(now.getTime() + 10 * 60_000)),
    ];
    const rows = await getDb()
      .insert(verifications)
      .values(cases.map((c) => ({ purpose: 'sweep_test', target: 'x@example.test', userId, codeHash: randomBytes(16).toString('hex'), expiresAt: c.expiresAt, consumedAt: c.consumedAt })))
      .returning({ id: verifications.id });
    expect(await sweepVerifications(getDb(), now)).toBe(3);
    const left = await getDb().select({ id: verifications.id }).from(verifications).where(eq(verifications.purpose, 'sweep_test'));
    expect(new Set(left.map((r) => r.id))).toEqual(new Set(rows.slice(3).map((r) => r.id)));
    expect(await sweepVerifications(getDb(), now)).toBe(0);
  });
});

describe('sweepRawAnalytics', () => {
  it('rolls every raw beacon up first, then deletes those older than a day', async () => {
    await ownerSql()`truncate analytics_events, analytics_daily, analytics_daily_referrers`; // TRUNCATE is the owner's (the app's role may not)
    const times = [ago(3 * DAY), ago(DAY + MS), ago(DAY), ago(HOUR), ago(MS)];
    const rows = await getDb()
      .insert(analyticsEvents)
      .values(times.map((occurredAt) => ({ occurredAt, route: '/account', timeOnPageMs: 5_000, referrerHost: null, referrerType: 'none' as const, visitorType: 'local' as const, viewport: 'phone' as const })))
      .returning({ id: analyticsEvents.id });
    const ids = rows.map((r) => r.id);
    expect(await sweepRawAnalytics(getDb(), now)).toEqual({ rolledUp: 5, deleted: 2 });
    expect(await remaining(analyticsEvents, ids)).toEqual(ids.slice(2));
    // Nothing is lost: the deleted beacons are in the daily aggregates with the rest.
    const [{ views }] = (await getDb().execute<{ views: number }>(sql`select sum(views)::int as views from analytics_daily`)) as unknown as [{ views: number }];
    expect(views).toBe(5);
    expect(await sweepRawAnalytics(getDb(), now)).toEqual({ rolledUp: 0, deleted: 0 });
    // A day later the rest go too, still counted once.
    expect(await sweepRawAnalytics(getDb(), new Date(now.getTime() + DAY + MS))).toEqual({ rolledUp: 0, deleted: 3 });
    expect((await getDb().select().from(analyticsDaily)).reduce((n, r) => n + r.views, 0)).toBe(5);
  });
});

describe('sweepMailBodies', () => {
  it('blanks the bodies of sent messages older than 7 days and keeps who, what subject and when', async () => {
    const message = (createdAt: Date, status: 'sent' | 'queued' = 'sent') => ({
      channel: 'email' as const,
      userId,
      recipient: 'someone@example.test',
      subject: 'Reset your password',
      text: 'Your link: https://example.test/reset?token=secret',
      html: '<p>secret</p>',
      headers: { 'List-Unsubscribe': '<https://example.test/u>' },
      status,
      createdAt,
    });
    const rows = await getDb()
      .insert(outbox)
      .values([message(ago(8 * DAY)), message(ago(7 * DAY + MS)), message(ago(7 * DAY)), message(ago(DAY)), message(ago(30 * DAY), 'queued')])
      .returning({ id: outbox.id });
    const ids = rows.map((r) => r.id);
    expect(await sweepMailBodies(getDb(), now)).toBe(2);
    const after = await getDb().select().from(outbox).where(inArray(outbox.id, ids)).orderBy(outbox.id);
    expect(after.map((r) => [r.text === '', r.html === null, r.headers === null])).toEqual([
      [true, true, true],
      [true, true, true],
      [false, false, false],
      [false, false, false],
      // Not delivered yet: the delivery job still needs it.
      [false, false, false],
    ]);
    expect(after.every((r) => r.subject === 'Reset your password' && r.recipient === 'someone@example.test')).toBe(true);
    expect(await sweepMailBodies(getDb(), now)).toBe(0);
  });
});

describe('sweepThrottles', () => {
  const prefix = (kind: 'pin' | 'pw' = 'pw') => `${kind}:sweep-${randomBytes(4).toString('hex')}-`;
  const keysLeft = async (p: string) => (await getDb().select({ key: throttles.key }).from(throttles).where(sql`starts_with(${throttles.key}, ${p})`)).map((r) => r.key.slice(p.length)).sort();
  /** One failed PIN attempt on `key` at `at`, through the real throttle. */
  const fail = (key: string, at: Date) => getDb().transaction((tx) => withThrottle(tx, { identifier: key, identifierPolicy: PIN_POLICY }, at, async () => ({ success: false, value: null })));

  it('deletes a row once it is unlocked and a day has passed since its last attempt; keeps every row a lock or window needs', async () => {
    const p = prefix();
    const row = (name: string, updatedAt: Date, lockedUntil: Date | null = null, windowStartedAt = updatedAt) => ({ key: `${p}${name}`, failures: 3, updatedAt, lockedUntil, windowStartedAt });
    await getDb()
      .insert(throttles)
      .values([
        row('quiet-25h', ago(25 * HOUR)),
        row('quiet-24h-1ms', ago(DAY + MS)),
        row('quiet-exactly-24h', ago(DAY)),
        row('quiet-23h', ago(23 * HOUR)),
        row('locked-for-another-hour', ago(30 * HOUR), ago(-HOUR)),
        row('lock-ended-an-hour-ago', ago(30 * HOUR), ago(HOUR)),
        row('window-open-since-25h-used-2h-ago', ago(2 * HOUR), null, ago(25 * HOUR)),
      ]);
    expect(await sweepThrottles(getDb(), now)).toBeGreaterThanOrEqual(3);
    expect(await keysLeft(p)).toEqual(['locked-for-another-hour', 'quiet-23h', 'quiet-exactly-24h', 'window-open-since-25h-used-2h-ago']);
    expect(await sweepThrottles(getDb(), now)).toBe(0);
  });

  it('never changes an answer: a locked PIN stays locked, and a PIN row is never swept while it counts failures', async () => {
    const p = prefix('pin');
    const start = ago(3 * DAY);
    for (let i = 0; i < PIN_POLICY.free; i++) await fail(`${p}a`, start);
    // Locked for 15 minutes: the sweep during the lock keeps the row, and the lock holds.
    await sweepThrottles(getDb(), new Date(start.getTime() + 10 * 60_000));
    expect(await fail(`${p}a`, new Date(start.getTime() + 11 * 60_000))).toMatchObject({ status: 'locked' });
    // A day after the last attempt with the lock over, the row stays (PIN failures never decay, docs/decisions/024):
    // the next failure counts on top of the earlier ones, as it would have without the sweep.
    await sweepThrottles(getDb(), new Date(start.getTime() + DAY + 16 * 60_000));
    expect(await keysLeft(p)).toEqual(['a']);
    expect(await fail(`${p}a`, new Date(start.getTime() + DAY + 17 * 60_000))).toEqual({ status: 'done', value: null });
    expect((await getDb().select({ failures: throttles.failures }).from(throttles).where(eq(throttles.key, `${p}a`)))[0]?.failures).toBe(PIN_POLICY.free + 1);
  });

  it('skips a row an attempt is using right now, which then counts its failure', async () => {
    const p = prefix();
    const key = `${p}busy`;
    await getDb().insert(throttles).values({ key, failures: 2, updatedAt: ago(3 * DAY), windowStartedAt: ago(3 * DAY) });
    let sweptMeanwhile = -1;
    await getDb().transaction((tx) =>
      withThrottle(tx, { identifier: key, identifierPolicy: PASSWORD_POLICY }, now, async () => {
        // Another connection sweeps while this attempt holds the row.
        await sweepThrottles(getDb(), now);
        sweptMeanwhile = (await keysLeft(p)).length;
        return { success: false, value: null };
      }),
    );
    expect(sweptMeanwhile).toBe(1);
    const [row] = await getDb().select().from(throttles).where(eq(throttles.key, key));
    expect(row).toMatchObject({ failures: 1, updatedAt: now });
  });

  it('a rate limit (reset links, codes) keeps its row for its whole window, and no policy counts longer than the sweep keeps a row', async () => {
    const p = prefix();
    const key = `${p}reset`;
    const t0 = ago(2 * DAY);
    for (let i = 0; i < MAIL_POLICY.free; i++) expect(await getDb().transaction((tx) => consumeRateLimit(tx, key, MAIL_POLICY, t0))).toBe(true);
    await sweepThrottles(getDb(), new Date(t0.getTime() + 10 * 60_000));
    expect(await getDb().transaction((tx) => consumeRateLimit(tx, key, MAIL_POLICY, new Date(t0.getTime() + 11 * 60_000)))).toBe(false);
    for (const policy of [PASSWORD_POLICY, IP_POLICY, MAIL_POLICY]) {
      expect(policy.resetAfterMs).toBeLessThanOrEqual(RETENTION.throttleQuietHours * HOUR);
    }
    // PIN failures never decay (no window), so the sweep keeps a PIN row that counts any: waiting out a lock gives no fresh guesses.
    expect(PIN_POLICY.resetAfterMs).toBeNull();
  });

  it('keeps a PIN row with failures however long it is quiet, and sweeps it once a sign-in or reset cleared it', async () => {
    const key = throttleKeys.pin(prefix());
    await getDb().insert(throttles).values({ key, failures: 6, updatedAt: ago(30 * DAY), windowStartedAt: ago(30 * DAY) });
    await sweepThrottles(getDb(), now);
    expect((await getDb().select({ failures: throttles.failures }).from(throttles).where(eq(throttles.key, key)))[0]?.failures).toBe(6);
    await getDb().update(throttles).set({ failures: 0 }).where(eq(throttles.key, key));
    await sweepThrottles(getDb(), now);
    expect(await getDb().select().from(throttles).where(eq(throttles.key, key))).toEqual([]);
  });
});

describe('batches', () => {
  it('deletes a backlog larger than one batch completely', async () => {
    await getDb().execute(sql`
      insert into login_events (user_id, success, method, reason, created_at)
      select null, false, 'pin', 'bulk', ${ago(100 * DAY).toISOString()}::timestamptz - n * interval '1 second' from generate_series(1, 12000) n`);
    expect(await sweepLoginHistory(getDb(), now)).toBe(12_000);
    const [{ n }] = (await getDb().execute<{ n: number }>(sql`select count(*)::int as n from login_events where reason = 'bulk'`)) as unknown as [{ n: number }];
    expect(n).toBe(0);
  });
});
