import 'server-only';
import { eq, or } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { RESET_LINK_MINUTES } from '@/lib/policy';
import { passwordContextProblem } from '@/lib/validation/auth';
import { normalizeEmail, normalizeMobile, normalizeUsername } from '@/lib/validation/fields';
import { clock } from '../clock';
import { env } from '../env';
import { mail } from '../mail/transport';
import { templates } from '../mail/templates';
import type { RequestContext } from '../request';
import { consumeLinkToken, createLinkToken, peekLinkToken } from '../verifications';
import { hashSecret } from './hash';
import { commonPasswordProblem } from './password-strength';
import { isStaffRole, revokeAllSessions } from './sessions';
import { consumeRateLimit, MAIL_POLICY, type ThrottlePolicy } from './throttle';

export type ResetKind = 'password' | 'pin';
const purposeOf = (kind: ResetKind) => (kind === 'password' ? 'password_reset' : 'pin_reset');
const IP_RESET_POLICY: ThrottlePolicy = { free: 20, baseLockMs: 15 * 60_000, maxLockMs: 60 * 60_000, resetAfterMs: 15 * 60_000 };

/**
 * Sends a single-use reset link to the account's verified email, if there is
 * such an account. The caller answers the same way in every case; only the
 * per-network limit is reported, since it says nothing about any account.
 */
export async function requestReset(kind: ResetKind, identifier: string, ctx: RequestContext, now = clock.now()): Promise<{ ok: true } | { ok: false; reason: 'ip_limited' }> {
  const db = getDb();
  const raw = identifier.trim();
  const mobile = /^[+\d][\d\s().-]{5,}$/.test(raw) ? normalizeMobile(raw, env().DEFAULT_PHONE_REGION) : null;
  const key = mobile ?? (raw.includes('@') ? normalizeEmail(raw) : normalizeUsername(raw));
  return db.transaction(async (tx) => {
    if (ctx.ip && !(await consumeRateLimit(tx, `reset-ip:${ctx.ip}`, IP_RESET_POLICY, now))) return { ok: false, reason: 'ip_limited' } as const;
    if (!(await consumeRateLimit(tx, `reset:${kind}:${key}`, MAIL_POLICY, now))) return { ok: true } as const;
    const [user] = await tx
      .select()
      .from(users)
      .where(mobile ? eq(users.mobile, mobile) : or(eq(users.emailNormalized, key), eq(users.username, key)));
    const eligible = user && user.emailVerifiedAt && user.status !== 'disabled' && (kind === 'password' || (!isStaffRole(user.role) && user.mobile));
    if (eligible) {
      const token = await createLinkToken(tx, { purpose: purposeOf(kind), target: user.emailNormalized, userId: user.id, minutes: RESET_LINK_MINUTES }, now);
      await mail.sendEmail({ to: user.email, userId: user.id, ...(await (kind === 'password' ? templates.passwordReset(token, RESET_LINK_MINUTES) : templates.pinReset(token, RESET_LINK_MINUTES))) }, tx);
    }
    return { ok: true } as const;
  });
}

/** Whether a reset link can still be used (for the page behind the link). */
export async function resetLinkIsValid(kind: ResetKind, token: string, now = clock.now()) {
  return !!(await peekLinkToken(getDb(), purposeOf(kind), token, now));
}

export type ResetResult = { ok: true } | { ok: false; reason: 'invalid_link' } | { ok: false; reason: 'weak'; message: string };

/** Sets a new password or PIN through a reset link: single use, and every session ends. */
export async function completeReset(kind: ResetKind, token: string, secret: string, now = clock.now()): Promise<ResetResult> {
  const db = getDb();
  const peek = await peekLinkToken(db, purposeOf(kind), token, now);
  if (!peek?.userId) return { ok: false, reason: 'invalid_link' };
  const [user] = await db.select().from(users).where(eq(users.id, peek.userId));
  if (!user) return { ok: false, reason: 'invalid_link' };
  if (kind === 'password') {
    const problem = passwordContextProblem(secret, { username: user.username, email: user.email }) ?? commonPasswordProblem(secret);
    if (problem) return { ok: false, reason: 'weak', message: problem };
  } else if (isStaffRole(user.role) || !user.mobile) {
    return { ok: false, reason: 'invalid_link' };
  }
  const hash = await hashSecret(secret);
  return db.transaction(async (tx) => {
    // Consuming inside the transaction makes the link single-use even under a double submit.
    const row = await consumeLinkToken(tx, purposeOf(kind), token, now);
    if (!row) return { ok: false, reason: 'invalid_link' } as const;
    await tx
      .update(users)
      .set(kind === 'password' ? { passwordHash: hash, updatedAt: now } : { pinHash: hash, updatedAt: now })
      .where(eq(users.id, user.id));
    await revokeAllSessions(tx, user.id, `${kind}_reset`, now);
    await mail.sendEmail({ to: user.email, userId: user.id, ...(await templates.secretChanged(kind === 'password' ? 'password' : 'PIN')) }, tx);
    return { ok: true } as const;
  });
}
