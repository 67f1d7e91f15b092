import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { readTogether } from '@/db/read-together';
import { requestMetrics } from '@/db/request-metrics';
import { consentEvents, consents, loginEvents, passkeys, policyAcknowledgements, policyVersions, profileChanges, profiles, recoveryCodes, reports, securityEvents, sessions, totpCredentials, users } from '@/db/schema';
import { changesQuery } from './profile';
import { hashSecret } from '../auth/hash';
import { twoFactorView } from '../auth/factors';
import { createSession, loadSession } from '../auth/sessions';
import { preferencesView } from '../consent/preferences';
import { pendingPolicyNotice } from '../policy/versions';
import { accessLog } from '../core/audit';
import { disputedItems } from '../reports/customer';
import { listSecurityEvents } from './activity';
import { accountOverview } from './overview';
import { accountPageData, communicationsPageData, profilePageData, securityPageData } from './pages';
import { getProfile, recentChanges } from './profile';
import { listSessions, loginHistory } from './security';

/** Runs `f` as one request would and counts the statements it sent. */
async function counted<T>(f: () => Promise<T>): Promise<{ value: T; queries: number }> {
  const m = { queries: 0 };
  const value = await requestMetrics.run(m, f);
  return { value, queries: m.queries };
}

let passwordHash: string | undefined;
/** A customer with something in every table the four pages read. */
async function busyCustomer(now: Date) {
  passwordHash ??= await hashSecret('not used by these tests');
  const db = getDb();
  const username = `pages${randomBytes(5).toString('hex')}`;
  const [u] = await db
    .insert(users)
    .values({ username, email: `${username}@example.test`, emailNormalized: `${username}@example.test`, emailVerifiedAt: now, passwordHash, mobile: `+4477009${String(Math.floor(Math.random() * 1e5)).padStart(5, '0')}`, createdAt: new Date(now.getTime() - 86_400_000) })
    .returning({ id: users.id });
  const userId = u!.id;
  await db.insert(profiles).values({ userId, fullName: 'Page Reader', city: 'Leeds', dateOfBirth: '1985-06-15', country: 'GB', version: 3 });
  await db.insert(profileChanges).values(Array.from({ length: 30 }, (_, i) => ({ userId, field: i % 2 ? 'city' : 'fullName', kind: 'changed' as const, actor: 'customer' as const, changedAt: new Date(now.getTime() - i * 60_000) })));
  await db.insert(reports).values({ userId, item: 'profile.city', currentValue: 'Leeds', proposedValue: 'York', explanation: 'Moved', status: 'submitted', verifiedAt: now, dueAt: now });
  await db.insert(loginEvents).values(Array.from({ length: 25 }, (_, i) => ({ userId, success: i % 3 !== 0, method: 'password' as const, reason: 'ok', ip: '203.0.113.5', userAgent: 'Mozilla/5.0 Firefox/130.0', createdAt: new Date(now.getTime() - i * 3_600_000) })));
  await db.insert(securityEvents).values([{ userId, kind: 'data_export', ip: '203.0.113.5', userAgent: 'vitest', createdAt: now }]);
  await db.insert(consents).values({ userId, topic: 'newsletter', state: 'granted' });
  await db.insert(consentEvents).values([
    { userId, topic: 'newsletter', state: 'granted', source: 'settings', ip: '203.0.113.5', createdAt: new Date(now.getTime() - 1000) },
    { userId, topic: 'offers', state: 'withdrawn', source: 'settings', ip: '203.0.113.5', createdAt: now },
  ]);
  await db.insert(totpCredentials).values({ userId, secretEncrypted: 'not a real secret', confirmedAt: now, lastUsedAt: now });
  await db.insert(passkeys).values({ userId, credentialId: randomBytes(16).toString('base64url'), publicKey: 'not a real key', transports: ['internal', 'hybrid'], deviceType: 'multiDevice', backedUp: true, name: 'Laptop', createdAt: now });
  await db.insert(recoveryCodes).values(Array.from({ length: 3 }, (_, i) => ({ userId, codeHash: randomBytes(16).toString('hex'), usedAt: i === 0 ? now : null })));
  const session = await createSession(db, { userId, method: 'password', ip: '203.0.113.5', userAgent: 'vitest' }, now);
  await createSession(db, { userId, method: 'pin', ip: '203.0.113.6', userAgent: 'Mozilla/5.0 Safari/17' }, now);
  return { userId, sessionId: session.id };
}

describe('readTogether', () => {
  it('answers each part as awaiting it alone would, in one statement', async () => {
    const now = new Date();
    const { userId } = await busyCustomer(now);
    const db = getDb();
    const alone = {
      profile: await db.select().from(profiles).where(eq(profiles.userId, userId)),
      keys: await db.select().from(passkeys).where(eq(passkeys.userId, userId)),
      history: await db.select().from(loginEvents).where(eq(loginEvents.userId, userId)),
    };
    const { value, queries } = await counted(() =>
      readTogether(db, {
        profile: db.select().from(profiles).where(eq(profiles.userId, userId)),
        keys: db.select().from(passkeys).where(eq(passkeys.userId, userId)),
        history: db.select().from(loginEvents).where(eq(loginEvents.userId, userId)),
      }),
    );
    expect(queries).toBe(1);
    // Every column type comes back as Drizzle decodes it: dates, a date string, numbers, bigints, arrays, booleans, inet.
    expect(value.profile).toEqual(alone.profile);
    expect(value.keys).toEqual(alone.keys);
    expect(value.history.map((h) => h.id).sort()).toEqual(alone.history.map((h) => h.id).sort());
    expect(value.history.find((h) => h.id === alone.history[0]!.id)).toEqual(alone.history[0]);
    expect(value.profile[0]!.updatedAt).toBeInstanceOf(Date);
  });

  it('keeps each part’s order and limit, and gives [] for a part with no rows', async () => {
    const now = new Date();
    const { userId } = await busyCustomer(now);
    const db = getDb();
    const { changes, none } = await readTogether(db, {
      changes: changesQuery(userId, 7, db),
      none: db.select().from(profiles).where(eq(profiles.userId, '00000000-0000-0000-0000-000000000000')),
    });
    expect(changes).toEqual(await recentChanges(userId, 7));
    expect(changes).toHaveLength(7);
    expect(none).toEqual([]);
  });
});

describe('the four customer pages', () => {
  it('/account reads everything in one statement, the same as the separate reads', async () => {
    const now = new Date();
    const { userId } = await busyCustomer(now);
    const { value, queries } = await counted(() => accountPageData(userId));
    expect(queries).toBe(1);
    expect(value).toEqual({ info: await accountOverview(userId), profile: await getProfile(userId), changes: await recentChanges(userId, 5), disputed: await disputedItems(userId), access: await accessLog(getDb(), userId, 50) });
    expect(value.disputed.has('profile.city')).toBe(true);
  });

  it('/account/profile in one statement, the same as the separate reads', async () => {
    const now = new Date();
    const { userId } = await busyCustomer(now);
    const { value, queries } = await counted(() => profilePageData(userId));
    expect(queries).toBe(1);
    expect(value).toEqual({ profile: await getProfile(userId), info: await accountOverview(userId), changes: await recentChanges(userId, 20), disputed: await disputedItems(userId) });
  });

  it('/account/security in one statement, the same as the separate reads', async () => {
    const now = new Date();
    const { userId, sessionId } = await busyCustomer(now);
    const { value, queries } = await counted(() => securityPageData({ id: userId, role: 'customer' }, sessionId, now));
    expect(queries).toBe(1);
    expect(value).toEqual({
      sessions: await listSessions(userId, 'customer', sessionId, now),
      history: await loginHistory(userId, {}, now),
      info: await accountOverview(userId),
      activity: await listSecurityEvents(userId),
      twoStep: await twoFactorView(getDb(), userId),
    });
    expect(value.sessions).toHaveLength(2);
    expect(value.history.events).toHaveLength(20);
    expect(value.history.nextBefore).not.toBeNull();
  });

  it('/account/communications in one statement, the same as the separate reads; null for an account that is not active', async () => {
    const now = new Date();
    const { userId } = await busyCustomer(now);
    const { value, queries } = await counted(() => communicationsPageData(userId));
    expect(queries).toBe(1);
    expect(value).toEqual(await preferencesView(userId));
    expect(value!.states.newsletter).toBe('granted');
    await getDb().update(users).set({ status: 'disabled' }).where(eq(users.id, userId));
    expect(await communicationsPageData(userId)).toBeNull();
  });

  it('a first visit creates the empty profile row (the one extra query, once per account)', async () => {
    passwordHash ??= await hashSecret('not used by these tests');
    const username = `pages${randomBytes(5).toString('hex')}`;
    const [u] = await getDb().insert(users).values({ username, email: `${username}@example.test`, emailNormalized: `${username}@example.test`, passwordHash }).returning({ id: users.id });
    const first = await counted(() => profilePageData(u!.id));
    expect(first.value.profile).toMatchObject({ userId: u!.id, version: 1, fullName: null });
    expect((await counted(() => profilePageData(u!.id))).queries).toBe(1);
  });
});

describe('the session load of a page', () => {
  it('checks the row, touches it and reads the policy notice in one statement', async () => {
    const t0 = new Date(Date.now() - 60_000);
    const { userId, sessionId } = await busyCustomer(t0);
    const db = getDb();
    const [v] = await db.insert(policyVersions).values({ version: `pages-${randomBytes(4).toString('hex')}`, summary: 'Changed.', body: 'Body.', publishedAt: t0 }).returning({ id: policyVersions.id });
    const at = new Date(t0.getTime() + 30_000);
    const { value, queries } = await counted(() => loadSession(sessionId, { touch: true, notice: true, now: at }));
    expect(queries).toBe(1);
    expect(value.state).toBe('active');
    if (value.state !== 'active') return;
    expect(value.session.lastSeenAt).toEqual(at);
    expect(value.notice).toEqual(await pendingPolicyNotice(userId, at));
    expect(value.notice).toMatchObject({ id: v!.id });
    const [row] = await db.select().from(sessions).where(eq(sessions.id, sessionId));
    expect(row!.lastSeenAt).toEqual(at);
    // Acknowledged: no notice.
    await db.insert(policyAcknowledgements).values({ userId, policyVersionId: v!.id, acknowledgedAt: at });
    const later = await loadSession(sessionId, { touch: true, notice: true, now: new Date(at.getTime() + 1000) });
    expect(later.state === 'active' && later.notice).toBeNull();
    await db.delete(policyVersions).where(eq(policyVersions.id, v!.id)).catch(() => undefined);
  });

  it('never moves last_seen_at of a row that has timed out, is revoked or belongs to a disabled account', async () => {
    const t0 = new Date('2031-01-01T08:00:00Z');
    const { userId, sessionId } = await busyCustomer(t0);
    const db = getDb();
    const rowOf = async () => (await db.select().from(sessions).where(eq(sessions.id, sessionId)))[0]!;
    // Idle past 30 minutes: ended and revoked, not touched.
    expect(await loadSession(sessionId, { touch: true, now: new Date(t0.getTime() + 31 * 60_000) })).toEqual({ state: 'idle_timeout' });
    expect((await rowOf()).lastSeenAt).toEqual(t0);
    expect((await rowOf()).revokedReason).toBe('idle_timeout');
    const other = await createSession(db, { userId, method: 'password', ip: null, userAgent: null }, t0);
    await db.update(users).set({ status: 'disabled' }).where(eq(users.id, userId));
    expect(await loadSession(other.id, { touch: true, now: new Date(t0.getTime() + 60_000) })).toEqual({ state: 'revoked' });
    expect((await db.select().from(sessions).where(eq(sessions.id, other.id)))[0]!.lastSeenAt).toEqual(t0);
  });
});
