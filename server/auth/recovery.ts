import 'server-only';
import { eq, or } from 'drizzle-orm';
import { getDb, type Tx } from '@/db/client';
import { users } from '@/db/schema';
import { RESET_LINK_MINUTES } from '@/lib/policy';
import { passwordContextProblem } from '@/lib/validation/auth';
import { normalizeEmail, normalizeMobile, normalizeUsername } from '@/lib/validation/fields';
import { clock } from '../clock';
import { env } from '../env';
import { mail } from '../mail/transport';
import { templates } from '../mail/templates';
import type { RequestContext } from '../request';
import { recordChange } from '../account/profile';
import { consumeLinkToken, createLinkToken, endVerifications, peekLinkToken, RESET_PURPOSES, type Purpose } from '../verifications';
import { hashSecret } from './hash';
import { commonPasswordProblem } from './password-strength';
import { isStaffRole, revokeAllSessions } from './sessions';
import { clearThrottle, consumeRateLimit, MAIL_POLICY, type ThrottlePolicy } from './throttle';
import { throttleKeys } from './throttle-keys';

export type ResetKind = 'password' | 'pin';
const purposeOf = (kind: ResetKind) => (kind === 'password' ? 'password_reset' : 'pin_reset');
/** Reset and recovery requests from one network, whatever the identifiers. */
export const IP_RESET_POLICY: ThrottlePolicy = { free: 20, baseLockMs: 15 * 60_000, maxLockMs: 60 * 60_000, resetAfterMs: 15 * 60_000 };

/**
 * Who may be sent a reset link. A password link also goes to an address the account
 * never confirmed: whoever reads it may claim the account (docs/decisions/023). A PIN
 * link needs a confirmed address, a customer account and a mobile number.
 */
function mayReset(kind: ResetKind, user: typeof users.$inferSelect) {
  if (user.status !== 'active') return false;
  return kind === 'password' || (!!user.emailVerifiedAt && !isStaffRole(user.role) && !!user.mobile);
}

/**
 * Sends a single-use reset link to the account's email, if there is such an
 * account. The caller answers the same way in every case; only the per-network
 * limit is reported, since it says nothing about any account.
 */
export async function requestReset(tx: Tx, kind: ResetKind, identifier: string, ctx: RequestContext, now = clock.now()): Promise<{ ok: true } | { ok: false; reason: 'ip_limited' }> {
  const raw = identifier.trim();
  const mobile = /^[+\d][\d\s().-]{5,}$/.test(raw) ? normalizeMobile(raw, env().DEFAULT_PHONE_REGION) : null;
  const key = mobile ?? (raw.includes('@') ? normalizeEmail(raw) : normalizeUsername(raw));
  // Both limits count in the caller's transaction: the answer is returned, never thrown, so they commit.
  if (ctx.ip && !(await consumeRateLimit(tx, throttleKeys.resetIp(ctx.ip), IP_RESET_POLICY, now))) return { ok: false, reason: 'ip_limited' } as const;
  if (!(await consumeRateLimit(tx, throttleKeys.reset(kind, key), MAIL_POLICY, now))) return { ok: true } as const;
  const [user] = await tx
    .select()
    .from(users)
    .where(mobile ? eq(users.mobile, mobile) : or(eq(users.emailNormalized, key), eq(users.username, key)));
  if (user && mayReset(kind, user)) {
    const token = await createLinkToken(tx, { purpose: purposeOf(kind), target: user.emailNormalized, userId: user.id, minutes: RESET_LINK_MINUTES }, now);
    await mail.sendEmail({ to: user.email, userId: user.id, ...(await (kind === 'password' ? templates.passwordReset(token, RESET_LINK_MINUTES) : templates.pinReset(token, RESET_LINK_MINUTES))) }, tx);
  }
  return { ok: true } as const;
}

/**
 * A reset link is bound to what it was issued for: the account must still be
 * active and still have the address the link was sent to (a link mailed to an
 * old address proves nothing about the new one).
 */
function stillBound(kind: ResetKind, user: typeof users.$inferSelect | undefined, target: string): user is typeof users.$inferSelect {
  if (!user || user.status !== 'active' || user.emailNormalized !== target) return false;
  return kind === 'password' || (!isStaffRole(user.role) && !!user.mobile);
}

/** Whether a reset link can still be used (for the page behind the link). */
export async function resetLinkIsValid(kind: ResetKind, token: string, now = clock.now()) {
  const db = getDb();
  const row = await peekLinkToken(db, purposeOf(kind), token, now);
  if (!row?.userId) return false;
  const [user] = await db.select().from(users).where(eq(users.id, row.userId));
  return stillBound(kind, user, row.target);
}

export type ResetResult = { ok: true } | { ok: false; reason: 'invalid_link' } | { ok: false; reason: 'weak'; problem: 'password_context' | 'password_common' };

/** Every code and link that could let an earlier holder of the account back in, or confirm something for them. */
const ENDED_BY_PASSWORD_RESET: Purpose[] = [...RESET_PURPOSES, 'email_verify', 'mobile_verify', 'email_change', 'mobile_change'];

/**
 * Sets a new password or PIN through a reset link: single use, every session and
 * every other outstanding link ends, and the secret's lockout is lifted.
 *
 * A password link proves the address, so the email becomes confirmed. It also
 * removes what nobody has proven: a mobile number never confirmed by code and its
 * PIN, and, when the address itself was unconfirmed until now (the account is
 * being claimed by the address's owner), any mobile number and PIN, since they
 * were set up by whoever held the account before (docs/decisions/023).
 */
export async function completeReset(tx: Tx, kind: ResetKind, token: string, secret: string, now = clock.now()): Promise<ResetResult> {
  const peek = await peekLinkToken(tx, purposeOf(kind), token, now);
  if (!peek?.userId) return { ok: false, reason: 'invalid_link' };
  const [user] = await tx.select().from(users).where(eq(users.id, peek.userId));
  if (!stillBound(kind, user, peek.target)) return { ok: false, reason: 'invalid_link' };
  if (kind === 'password') {
    if (passwordContextProblem(secret, { username: user.username, email: user.email })) return { ok: false, reason: 'weak', problem: 'password_context' };
    if (commonPasswordProblem(secret)) return { ok: false, reason: 'weak', problem: 'password_common' };
  }
  const hash = await hashSecret(secret);
  // The account row is locked first, then checked again: it may have changed since the look above.
  const [current] = await tx.select().from(users).where(eq(users.id, user.id)).for('update');
  // Consuming inside the transaction makes the link single-use even under a double submit.
  const row = await consumeLinkToken(tx, purposeOf(kind), token, now);
  if (!row || !stillBound(kind, current, row.target)) return { ok: false, reason: 'invalid_link' } as const;
  const claimed = kind === 'password' && !current.emailVerifiedAt;
  const unproven = kind === 'password' && (claimed || !current.mobileVerifiedAt);
  const dropMobile = unproven && !!current.mobile;
  const dropPin = unproven && !!current.pinHash;
  await tx
    .update(users)
    .set(
      kind === 'password'
        ? { passwordHash: hash, emailVerifiedAt: current.emailVerifiedAt ?? now, ...(unproven ? { mobile: null, mobileVerifiedAt: null, pinHash: null } : {}), updatedAt: now }
        : { pinHash: hash, updatedAt: now },
    )
    .where(eq(users.id, current.id));
  if (dropMobile) await recordChange(tx, current.id, 'mobile', 'removed', now);
  if (dropPin) await recordChange(tx, current.id, 'pin', 'removed', now);
  await revokeAllSessions(tx, current.id, `${kind}_reset`, now);
  if (kind === 'password') await endVerifications(tx, current.id, ENDED_BY_PASSWORD_RESET, now);
  await clearThrottle(tx, kind === 'password' ? throttleKeys.password(current.username) : throttleKeys.pin(current.mobile), now);
  const removed = dropMobile ? 'mobile' : dropPin ? 'pin' : undefined;
  await mail.sendEmail({ to: current.email, userId: current.id, ...(await templates.secretChanged(kind === 'password' ? 'password' : 'PIN', 'all', removed)) }, tx);
  return { ok: true } as const;
}
