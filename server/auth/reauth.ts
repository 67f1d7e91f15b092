import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { sessions, users } from '@/db/schema';
import { clock } from '../clock';
import type { RequestContext } from '../request';
import { verifySecret } from './hash';
import { isStaffRole, type SessionRow } from './sessions';
import { PASSWORD_POLICY, PIN_POLICY, withThrottle } from './throttle';

export const REAUTH_WINDOW_MS = 5 * 60_000;

export const isRecentlyReauthenticated = (session: Pick<SessionRow, 'reauthenticatedAt'>, now = clock.now(), windowMs = REAUTH_WINDOW_MS) =>
  !!session.reauthenticatedAt && now.getTime() - session.reauthenticatedAt.getTime() < windowMs;

export type ReauthOutcome = { ok: true } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'locked'; retryAt: Date };

/**
 * Confirms the session holder knows the account's password (or PIN), under the
 * same throttle keys as sign-in, and opens a 5-minute window for sensitive actions.
 */
export async function reauthenticate(sessionId: string, userId: string, method: 'password' | 'pin', secret: string, ctx: RequestContext, now = clock.now()): Promise<ReauthOutcome> {
  const db = getDb();
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) return { ok: false, reason: 'invalid' };
  const hash = method === 'pin' ? (isStaffRole(user.role) ? null : user.pinHash) : user.passwordHash;
  if (!hash) return { ok: false, reason: 'invalid' };
  const key = method === 'pin' ? `pin:${user.mobile}` : `pw:${user.username}`;
  const outcome = await db.transaction(async (tx) => {
    const r = await withThrottle(tx, { identifier: key, identifierPolicy: method === 'pin' ? PIN_POLICY : PASSWORD_POLICY, ip: ctx.ip }, now, async () => {
      const valid = await verifySecret(hash, secret);
      return { success: valid, value: valid };
    });
    if (r.status === 'done' && r.value) await tx.update(sessions).set({ reauthenticatedAt: now }).where(eq(sessions.id, sessionId));
    return r;
  });
  if (outcome.status === 'locked') return { ok: false, reason: 'locked', retryAt: outcome.retryAt };
  return outcome.value ? { ok: true } : { ok: false, reason: 'invalid' };
}
