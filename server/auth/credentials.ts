import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { loginEvents, users } from '@/db/schema';
import { normalizeEmail, normalizeUsername } from '@/lib/validation/fields';
import { clock } from '../clock';
import type { RequestContext } from '../request';
import { dummyVerify, verifySecret } from './hash';
import { PASSWORD_POLICY, PIN_POLICY, withThrottle, type ThrottlePolicy } from './throttle';
import { isStaffRole, type Role } from './sessions';
import { hasSecondFactorSql, usersIdColumn } from './factors';
import { throttleKeys } from './throttle-keys';

export type SignInOutcome =
  /** `secondStep`: the account has a second factor, so this right first step issues no session yet. */
  | { ok: true; userId: string; role: Role; secondStep: boolean }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'locked'; retryAt: Date };

type Method = 'password' | 'pin';
type Candidate = { id: string; username: string; role: Role; status: string; passwordHash: string; pinHash: string | null; mobileVerifiedAt: Date | null; secondStep: boolean } | undefined;

/**
 * Shared path for both sign-in methods. The throttle key is the normalized
 * identifier whether or not an account has it, an unknown account runs a dummy
 * verify, and every failure gives the same answer: nothing here tells an
 * attacker which accounts exist.
 */
async function attemptSignIn(method: Method, key: string, policy: ThrottlePolicy, candidate: Candidate, secret: string, ctx: RequestContext, now: Date): Promise<SignInOutcome> {
  // A PIN signs in only with a mobile number proven by code: an unconfirmed one gets the wrong-PIN answer (docs/decisions/023).
  const storedHash = (u: NonNullable<Candidate>) => (method === 'pin' ? (isStaffRole(u.role) || !u.mobileVerifiedAt ? null : u.pinHash) : u.passwordHash);
  const db = getDb();
  const outcome = await db.transaction((tx) =>
    withThrottle(tx, { identifier: key, identifierPolicy: policy, ip: ctx.ip }, now, async () => {
      const hash = candidate ? storedHash(candidate) : null;
      const valid = hash ? await verifySecret(hash, secret) : await dummyVerify(secret);
      const success = valid && candidate?.status !== 'disabled';
      return { success, value: success };
    }),
  );
  const result: SignInOutcome =
    outcome.status === 'locked' ? { ok: false, reason: 'locked', retryAt: outcome.retryAt } : outcome.value && candidate ? { ok: true, userId: candidate.id, role: candidate.role, secondStep: candidate.secondStep } : { ok: false, reason: 'invalid' };
  await db.insert(loginEvents).values({
    userId: candidate?.id ?? null,
    // A right first step of a two-step account is not yet a sign-in: the second step records its own event.
    success: result.ok && !result.secondStep,
    method,
    reason: result.ok ? (result.secondStep ? 'second_step' : 'ok') : result.reason === 'locked' ? 'locked' : 'bad_credentials',
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    createdAt: now,
  });
  return result;
}

// Whether a second step is due is read in the same query as the hash, so known accounts take no extra round trip.
const candidateColumns = { id: users.id, username: users.username, role: users.role, status: users.status, passwordHash: users.passwordHash, pinHash: users.pinHash, mobileVerifiedAt: users.mobileVerifiedAt, secondStep: hasSecondFactorSql(usersIdColumn) };

export async function verifyPasswordSignIn(identifier: string, password: string, ctx: RequestContext, now = clock.now()): Promise<SignInOutcome> {
  const byEmail = identifier.includes('@');
  const normalized = byEmail ? normalizeEmail(identifier) : normalizeUsername(identifier.trim());
  const [candidate] = await getDb()
    .select(candidateColumns)
    .from(users)
    .where(byEmail ? eq(users.emailNormalized, normalized) : eq(users.username, normalized));
  // One account, one throttle: its email and its username count against the same key (the one
  // re-authentication uses); an identifier that matches no account is throttled as typed.
  return attemptSignIn('password', throttleKeys.password(candidate?.username ?? normalized), PASSWORD_POLICY, candidate, password, ctx, now);
}

/** `mobile` is already E.164. */
export async function verifyPinSignIn(mobile: string, pin: string, ctx: RequestContext, now = clock.now()): Promise<SignInOutcome> {
  const [candidate] = await getDb().select(candidateColumns).from(users).where(eq(users.mobile, mobile));
  return attemptSignIn('pin', throttleKeys.pin(mobile), PIN_POLICY, candidate, pin, ctx, now);
}
