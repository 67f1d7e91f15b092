import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { actorOf } from '../core/actor';
import { staffFrom } from '../core/staff';
import { isMultiFactorSession } from './factors';
import { isFreshEnough } from './reauth';
import { createSession, type Role } from './sessions';

/*
 * The staff gate below the pages (issue 12, docs/decisions/027): every staff
 * domain function asks staffFrom(); an actor from a session that did not pass
 * two steps is no staff member there. The browser suite (e2e/two-step.spec.ts)
 * walks every /admin page, staff API route and staff action from the filesystem
 * and the build's action manifest.
 */

async function account(role: Role) {
  const username = `gate${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const [row] = await getDb().insert(users).values({ username, email: `${username}@example.test`, emailNormalized: `${username}@example.test`, passwordHash: 'x', role }).returning({ id: users.id });
  return row!.id;
}

const loaded = async (userId: string, role: Role, secondFactor: 'totp' | null, method: 'password' | 'passkey' = 'password') => {
  const session = await createSession(getDb(), { userId, method, secondFactor, ip: null, userAgent: null });
  return { state: 'active' as const, session, user: { id: userId, username: 'x', email: 'x', role, status: 'active' as const }, expiresAt: new Date() };
};

describe('staff powers need a session that passed two steps', () => {
  it('staffFrom refuses a password-only staff or admin session, accepts a two-step or passkey one', async () => {
    for (const role of ['staff', 'admin'] as const) {
      const id = await account(role);
      expect(await staffFrom(getDb(), actorOf(await loaded(id, role, null)))).toBeNull();
      expect(await staffFrom(getDb(), actorOf(await loaded(id, role, 'totp')))).toMatchObject({ userId: id, role });
      expect(await staffFrom(getDb(), actorOf(await loaded(id, role, null, 'passkey')))).toMatchObject({ userId: id, role });
    }
  });

  it('an actor made for a looked-up account (not a caller) is judged by its row alone', async () => {
    const id = await account('staff');
    expect(await staffFrom(getDb(), { userId: id, role: 'staff' })).toMatchObject({ userId: id });
  });

  it('isMultiFactorSession: a second factor, or a passkey alone', () => {
    expect(isMultiFactorSession({ authMethod: 'password', secondFactor: null })).toBe(false);
    expect(isMultiFactorSession({ authMethod: 'pin', secondFactor: 'recovery_code' })).toBe(true);
    expect(isMultiFactorSession({ authMethod: 'passkey', secondFactor: null })).toBe(true);
  });
});

describe('the re-authentication window', () => {
  const now = new Date('2031-01-01T12:00:00Z');
  const ago = (min: number) => new Date(now.getTime() - min * 60_000);
  const s = (role: Role, reauthenticatedAt: Date | null, factorReauthenticatedAt: Date | null, secondFactor: 'totp' | null = 'totp') => ({
    user: { role },
    session: { authMethod: 'password' as const, secondFactor, reauthenticatedAt, factorReauthenticatedAt },
  });

  it('for staff with a second factor needs the password and the second factor within 5 minutes', () => {
    expect(isFreshEnough(s('staff', ago(1), null), now)).toBe(false);
    expect(isFreshEnough(s('admin', ago(1), ago(6)), now)).toBe(false);
    expect(isFreshEnough(s('staff', ago(1), ago(2)), now)).toBe(true);
    expect(isFreshEnough(s('staff', ago(6), ago(1)), now)).toBe(false);
  });

  it('for customers (and staff still enrolling) the password alone', () => {
    expect(isFreshEnough(s('customer', ago(1), null), now)).toBe(true);
    expect(isFreshEnough(s('staff', ago(1), null, null), now)).toBe(true);
    expect(isFreshEnough(s('customer', ago(6), null), now)).toBe(false);
  });
});
