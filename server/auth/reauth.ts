import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb, type Tx } from '@/db/client';
import { sessions, users } from '@/db/schema';
import { clock } from '../clock';
import type { RequestContext } from '../request';
import { verifySecret } from './hash';
import type { SecondStepInput } from '@/lib/validation/two-factor';
import { isMultiFactorSession } from './factors';
import { proveSecondFactor, secondFactorThrottleKey } from './second-step';
import { isStaffRole, type Role, type SessionRow } from './sessions';
import { PASSWORD_POLICY, PIN_POLICY, withThrottle } from './throttle';
import { throttleKeys } from './throttle-keys';

export const REAUTH_WINDOW_MS = 5 * 60_000;

export type ReauthMethod = NonNullable<SessionRow['reauthMethod']>;

/** What a sensitive action asks of the last re-authentication: how recent, and which secret. */
export interface StepUp {
  /** 'any': the password or, for a customer who has one, the PIN. 'password': the password only. */
  need: 'any' | 'password';
  windowMs?: number;
}

/**
 * The step-up each sensitive action needs, named by what it protects. Actions
 * (defineAction's `fresh`), domain functions and pages all ask through
 * `isRecentlyReauthenticated` with one of these, so a stronger rule (a second
 * factor for staff) is added here and in that function, nowhere else.
 */
export const STEP_UP = {
  /** Download your data, account deletion, confirming a report. */
  standard: { need: 'any' },
  /** Email and mobile changes: they decide where reset links and codes go, so a PIN (6 digits, phone-bound) is not enough. */
  contactChange: { need: 'password' },
  /** Staff powers: roles, publishing a policy, sending a campaign. Staff have no PIN; the password it is. */
  staffPower: { need: 'password' },
} as const satisfies Record<string, StepUp>;

export type ReauthSubject = { reauthenticatedAt?: Date | null; reauthMethod?: ReauthMethod | null };

/** The one rule for "is this session freshly re-authenticated" for a given step-up (default: the standard one). */
export function isRecentlyReauthenticated(session: ReauthSubject, now = clock.now(), stepUp: StepUp = STEP_UP.standard): boolean {
  const at = session.reauthenticatedAt;
  if (!at || now.getTime() - at.getTime() >= (stepUp.windowMs ?? REAUTH_WINDOW_MS)) return false;
  return stepUp.need === 'any' || session.reauthMethod === 'password';
}

/**
 * The re-authentication a sensitive action needs: the password or PIN within
 * the window and, for staff and admins whose session passed a second step, that
 * second factor again within the window too (ASVS: MFA for administrative functions).
 */
export function isFreshEnough(s: { user: { role: Role }; session: Partial<Pick<SessionRow, 'reauthMethod'>> & Pick<SessionRow, 'reauthenticatedAt' | 'factorReauthenticatedAt' | 'authMethod' | 'secondFactor'> }, now = clock.now(), stepUp: StepUp = STEP_UP.standard) {
  if (!isRecentlyReauthenticated(s.session, now, stepUp)) return false;
  if (!isStaffRole(s.user.role) || !isMultiFactorSession(s.session)) return true;
  return !!s.session.factorReauthenticatedAt && now.getTime() - s.session.factorReauthenticatedAt.getTime() < (stepUp.windowMs ?? REAUTH_WINDOW_MS);
}

/** Re-proves the second factor of the session's account (staff re-authentication); counted under the second-factor throttle. */
export async function reauthenticateSecondFactor(tx: Tx, sessionId: string, userId: string, proof: SecondStepInput, webauthnChallenge: string | null, ctx: RequestContext, now = clock.now()): Promise<ReauthOutcome> {
  const outcome = await withThrottle(tx, { identifier: secondFactorThrottleKey(userId), identifierPolicy: PIN_POLICY, ip: ctx.ip }, now, async () => {
    const valid = await proveSecondFactor(tx, userId, proof, webauthnChallenge, now);
    return { success: valid, value: valid };
  });
  if (outcome.status === 'done' && outcome.value) await tx.update(sessions).set({ factorReauthenticatedAt: now }).where(eq(sessions.id, sessionId));
  if (outcome.status === 'locked') return { ok: false, reason: 'locked', retryAt: outcome.retryAt };
  return outcome.value ? { ok: true } : { ok: false, reason: 'invalid' };
}

export type ReauthOutcome = { ok: true } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'locked'; retryAt: Date };

/**
 * Confirms the session holder knows the account's password (or PIN), under the
 * same throttle keys as sign-in, and opens a 5-minute window for sensitive
 * actions, recording which secret it was.
 */
export async function reauthenticate(sessionId: string, userId: string, method: ReauthMethod, secret: string, ctx: RequestContext, now = clock.now()): Promise<ReauthOutcome> {
  const db = getDb();
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) return { ok: false, reason: 'invalid' };
  const hash = method === 'pin' ? (isStaffRole(user.role) ? null : user.pinHash) : user.passwordHash;
  if (!hash) return { ok: false, reason: 'invalid' };
  const key = method === 'pin' ? throttleKeys.pin(user.mobile) : throttleKeys.password(user.username);
  const outcome = await db.transaction(async (tx) => {
    const r = await withThrottle(tx, { identifier: key, identifierPolicy: method === 'pin' ? PIN_POLICY : PASSWORD_POLICY, ip: ctx.ip }, now, async () => {
      const valid = await verifySecret(hash, secret);
      return { success: valid, value: valid };
    });
    if (r.status === 'done' && r.value) await tx.update(sessions).set({ reauthenticatedAt: now, reauthMethod: method }).where(eq(sessions.id, sessionId));
    return r;
  });
  if (outcome.status === 'locked') return { ok: false, reason: 'locked', retryAt: outcome.retryAt };
  return outcome.value ? { ok: true } : { ok: false, reason: 'invalid' };
}
