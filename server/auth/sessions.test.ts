import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { sessions, users } from '@/db/schema';
import { hashSecret } from './hash';
import { createSession, idleTimeoutMs, loadSession, revokeAllSessions, revokeSession, sessionExpiresAt, sessionState, type Role } from './sessions';
import { uid } from '@/test/kit/ids';

const MIN = 60_000;
const HOUR = 60 * MIN;
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);

let passwordHash: string | undefined;
async function newUser(role: Role = 'customer') {
  passwordHash ??= await hashSecret('not used by these tests');
  const username = `sess${uid()}`;
  const [row] = await getDb()
    .insert(users)
    .values({ username, email: `${username}@example.test`, emailNormalized: `${username}@example.test`, passwordHash, role })
    .returning({ id: users.id });
  return row!.id;
}

async function newSession(role: Role, now: Date) {
  const userId = await newUser(role);
  const session = await createSession(getDb(), { userId, method: 'password', ip: '203.0.113.9', userAgent: 'vitest' }, now);
  return { userId, session };
}

async function rowOf(id: string) {
  const [row] = await getDb().select().from(sessions).where(eq(sessions.id, id));
  return row!;
}

describe('sessionState', () => {
  const t0 = new Date('2030-06-01T08:00:00Z');
  const row = (lastSeenMinutesAgo: number, overrides: Partial<{ absoluteExpiresAt: Date; revokedAt: Date | null }> = {}) => ({
    lastSeenAt: at(t0, -lastSeenMinutesAgo * MIN),
    absoluteExpiresAt: at(t0, 6 * HOUR),
    revokedAt: null,
    ...overrides,
  });

  it('times customers out after 30 idle minutes', () => {
    expect(idleTimeoutMs('customer')).toBe(30 * MIN);
    expect(sessionState(row(29), 'customer', t0)).toBe('active');
    expect(sessionState(row(29.99), 'customer', t0)).toBe('active');
    expect(sessionState(row(30), 'customer', t0)).toBe('idle_timeout');
    expect(sessionState(row(31), 'customer', t0)).toBe('idle_timeout');
  });

  it('times staff and admins out after 15 idle minutes', () => {
    for (const role of ['staff', 'admin'] as const) {
      expect(idleTimeoutMs(role)).toBe(15 * MIN);
      expect(sessionState(row(14), role, t0)).toBe('active');
      expect(sessionState(row(16), role, t0)).toBe('idle_timeout');
    }
    // The same idleness keeps a customer signed in.
    expect(sessionState(row(16), 'customer', t0)).toBe('active');
  });

  it('ends every session at the absolute limit, however active', () => {
    expect(sessionState(row(0, { absoluteExpiresAt: at(t0, 1) }), 'customer', t0)).toBe('active');
    expect(sessionState(row(0, { absoluteExpiresAt: t0 }), 'customer', t0)).toBe('absolute_timeout');
    expect(sessionState(row(0, { absoluteExpiresAt: at(t0, -MIN) }), 'customer', t0)).toBe('absolute_timeout');
  });

  it('a revoked session stays revoked whatever the times say', () => {
    expect(sessionState(row(0, { revokedAt: at(t0, -HOUR) }), 'customer', t0)).toBe('revoked');
    expect(sessionState(row(0, { revokedAt: at(t0, HOUR) }), 'customer', t0)).toBe('revoked');
  });

  it('sessionExpiresAt is the sooner of idle expiry and the absolute limit', () => {
    expect(sessionExpiresAt(row(10), 'customer')).toEqual(at(t0, 20 * MIN));
    expect(sessionExpiresAt(row(10), 'staff')).toEqual(at(t0, 5 * MIN));
    expect(sessionExpiresAt(row(0, { absoluteExpiresAt: at(t0, 5 * MIN) }), 'customer')).toEqual(at(t0, 5 * MIN));
  });
});

describe('createSession', () => {
  it('sets the absolute expiry 12 hours from creation', async () => {
    const t0 = new Date('2030-06-01T08:00:00Z');
    const { userId, session } = await newSession('customer', t0);
    expect(session).toMatchObject({ userId, createdAt: t0, lastSeenAt: t0, absoluteExpiresAt: at(t0, 12 * HOUR), revokedAt: null, authMethod: 'password', ip: '203.0.113.9', userAgent: 'vitest' });
  });
});

describe('loadSession', () => {
  it('idle 29 minutes: active; 31 minutes: idle_timeout, and the row is revoked for good', async () => {
    const t0 = new Date('2030-06-01T08:00:00Z');
    const { session } = await newSession('customer', t0);
    const active = await loadSession(session.id, { touch: false, now: at(t0, 29 * MIN) });
    expect(active).toMatchObject({ state: 'active', session: { id: session.id }, expiresAt: at(t0, 30 * MIN) });

    expect(await loadSession(session.id, { touch: true, now: at(t0, 31 * MIN) })).toEqual({ state: 'idle_timeout' });
    expect(await rowOf(session.id)).toMatchObject({ revokedAt: at(t0, 31 * MIN), revokedReason: 'idle_timeout' });
    // Going back in time (clock skew, a changed setting) does not revive it.
    expect(await loadSession(session.id, { touch: true, now: at(t0, MIN) })).toEqual({ state: 'revoked' });
    expect(await rowOf(session.id)).toMatchObject({ revokedAt: at(t0, 31 * MIN), revokedReason: 'idle_timeout' });
  });

  it('staff: 14 idle minutes active, 16 signed out', async () => {
    const t0 = new Date('2030-06-01T08:00:00Z');
    const { session } = await newSession('staff', t0);
    expect((await loadSession(session.id, { touch: false, now: at(t0, 14 * MIN) })).state).toBe('active');
    expect((await loadSession(session.id, { touch: false, now: at(t0, 16 * MIN) })).state).toBe('idle_timeout');
    expect((await rowOf(session.id)).revokedReason).toBe('idle_timeout');
  });

  it('touch records activity, so the idle clock restarts; touch:false does not', async () => {
    const t0 = new Date('2030-06-01T08:00:00Z');
    const touched = await newSession('customer', t0);
    const polled = await newSession('customer', t0);

    const a = await loadSession(touched.session.id, { touch: true, now: at(t0, 20 * MIN) });
    expect(a).toMatchObject({ state: 'active', session: { lastSeenAt: at(t0, 20 * MIN) }, expiresAt: at(t0, 50 * MIN) });
    expect((await rowOf(touched.session.id)).lastSeenAt).toEqual(at(t0, 20 * MIN));

    const b = await loadSession(polled.session.id, { touch: false, now: at(t0, 20 * MIN) });
    expect(b).toMatchObject({ state: 'active', session: { lastSeenAt: t0 }, expiresAt: at(t0, 30 * MIN) });
    expect((await rowOf(polled.session.id)).lastSeenAt).toEqual(t0);

    // 45 minutes after creation: the touched one was idle 25 minutes, the polled one 45.
    expect((await loadSession(touched.session.id, { touch: false, now: at(t0, 45 * MIN) })).state).toBe('active');
    expect((await loadSession(polled.session.id, { touch: false, now: at(t0, 45 * MIN) })).state).toBe('idle_timeout');
  });

  it('continuous activity ends at 12 hours', async () => {
    const t0 = new Date('2030-06-01T08:00:00Z');
    const { session } = await newSession('customer', t0);
    for (let m = 20; m < 12 * 60; m += 20) {
      expect((await loadSession(session.id, { touch: true, now: at(t0, m * MIN) })).state, `at ${m} min`).toBe('active');
    }
    const last = await loadSession(session.id, { touch: true, now: at(t0, 12 * HOUR - MIN) });
    expect(last).toMatchObject({ state: 'active', expiresAt: at(t0, 12 * HOUR) });
    expect(await loadSession(session.id, { touch: true, now: at(t0, 12 * HOUR) })).toEqual({ state: 'absolute_timeout' });
    expect((await rowOf(session.id)).revokedReason).toBe('absolute_timeout');
  });

  it('a revoked session (sign out) gives nothing, and touching cannot revive it', async () => {
    const t0 = new Date('2030-06-01T08:00:00Z');
    const { session } = await newSession('customer', t0);
    await revokeSession(session.id, 'signed_out', at(t0, MIN));
    expect(await loadSession(session.id, { touch: true, now: at(t0, 2 * MIN) })).toEqual({ state: 'revoked' });
    expect(await rowOf(session.id)).toMatchObject({ revokedAt: at(t0, MIN), revokedReason: 'signed_out', lastSeenAt: t0 });
    // A second revoke keeps the first reason and time.
    await revokeSession(session.id, 'other', at(t0, 3 * MIN));
    expect(await rowOf(session.id)).toMatchObject({ revokedAt: at(t0, MIN), revokedReason: 'signed_out' });
  });

  it('a disabled user is signed out', async () => {
    const t0 = new Date('2030-06-01T08:00:00Z');
    const { userId, session } = await newSession('customer', t0);
    await getDb().update(users).set({ status: 'disabled' }).where(eq(users.id, userId));
    expect(await loadSession(session.id, { touch: true, now: at(t0, MIN) })).toEqual({ state: 'revoked' });
    expect((await rowOf(session.id)).revokedAt).toEqual(at(t0, MIN));
  });

  it('unknown and malformed ids are missing', async () => {
    expect(await loadSession(randomUUID(), { touch: true })).toEqual({ state: 'missing' });
    expect(await loadSession("x' or '1'='1", { touch: true })).toEqual({ state: 'missing' });
    expect(await loadSession('', { touch: false })).toEqual({ state: 'missing' });
  });

  it('returns the user, without secrets', async () => {
    const t0 = new Date('2030-06-01T08:00:00Z');
    const { userId, session } = await newSession('admin', t0);
    const loaded = await loadSession(session.id, { touch: false, now: t0 });
    expect(loaded.state).toBe('active');
    if (loaded.state !== 'active') return;
    expect(loaded.user).toMatchObject({ id: userId, role: 'admin', status: 'active' });
    expect(Object.keys(loaded.user).sort()).toEqual(['email', 'id', 'role', 'status', 'username']);
  });
});

describe('revokeAllSessions', () => {
  it("ends every live session of the user and no one else's", async () => {
    const t0 = new Date('2030-06-01T08:00:00Z');
    const { userId, session: first } = await newSession('customer', t0);
    const second = await createSession(getDb(), { userId, method: 'pin', ip: null, userAgent: null }, t0);
    const earlier = await createSession(getDb(), { userId, method: 'pin', ip: null, userAgent: null }, t0);
    await revokeSession(earlier.id, 'signed_out', t0);
    const other = await newSession('customer', t0);

    await revokeAllSessions(getDb(), userId, 'signed_out_everywhere', at(t0, MIN));
    for (const id of [first.id, second.id]) {
      expect(await rowOf(id)).toMatchObject({ revokedAt: at(t0, MIN), revokedReason: 'signed_out_everywhere' });
      expect(await loadSession(id, { touch: true, now: at(t0, 2 * MIN) })).toEqual({ state: 'revoked' });
    }
    expect(await rowOf(earlier.id)).toMatchObject({ revokedAt: t0, revokedReason: 'signed_out' });
    expect((await loadSession(other.session.id, { touch: true, now: at(t0, 2 * MIN) })).state).toBe('active');
  });

  it('rolls back with the transaction it was given', async () => {
    const t0 = new Date('2030-06-01T08:00:00Z');
    const { userId, session } = await newSession('customer', t0);
    await expect(
      getDb().transaction(async (tx) => {
        await revokeAllSessions(tx, userId, 'password_reset', t0);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect((await rowOf(session.id)).revokedAt).toBeNull();
  });
});
