import 'server-only';
import { eq, sql, type SQL } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { loginEvents, sessions, users } from '@/db/schema';
import { normalizeEmail, normalizeUsername } from '@/lib/validation/fields';
import { clock } from '../clock';
import type { RequestContext } from '../request';
import { dummyVerify, verifySecret } from './hash';
import { admitAttempt, PASSWORD_POLICY, PIN_POLICY, settleAttemptSql, type ThrottlePolicy } from './throttle';
import { isStaffRole, sessionValues, type Role } from './sessions';
import { hasSecondFactorSql, usersIdColumn } from './factors';
import { throttleKeys } from './throttle-keys';

export type SignInOutcome =
  /**
   * `secondStep`: the account has a second factor, so this right first step issues no session yet.
   * `sessionId`: the session started with the history row, when asked for (`startSession`).
   */
  | { ok: true; userId: string; role: Role; secondStep: boolean; sessionId?: string }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'locked'; retryAt: Date };

type Method = 'password' | 'pin';
type Candidate = { id: string; username: string; role: Role; status: string; passwordHash: string; pinHash: string | null; mobileVerifiedAt: Date | null; secondStep: boolean } | undefined;
/** Asked by the sign-in step (server/auth/sign-in-steps.ts): a right one-step sign-in also starts its session, in the same statement as its history row. */
export type SignInOptions = { startSession?: boolean };

/**
 * Shared path for both sign-in methods. The throttle key is the normalized
 * identifier whether or not an account has it, an unknown account runs a dummy
 * verify, and every failure gives the same answer: nothing here tells an
 * attacker which accounts exist.
 *
 * Two statements besides the account look-up (docs/decisions/038; a PIN's
 * look-up runs alongside the first): the attempt is admitted and counted in one
 * committed statement, the secret is verified with no lock or transaction open,
 * and one statement writes what the outcome leaves: the throttle's settlement,
 * the history row and (a right one-step sign-in, when asked) the session row,
 * committed together.
 */
async function attemptSignIn(method: Method, key: string, policy: ThrottlePolicy, lookup: Candidate | Promise<Candidate>, secret: string, ctx: RequestContext, now: Date, opts: SignInOptions): Promise<SignInOutcome> {
  // A PIN signs in only with a mobile number proven by code: an unconfirmed one gets the wrong-PIN answer (docs/decisions/023).
  const storedHash = (u: NonNullable<Candidate>) => (method === 'pin' ? (isStaffRole(u.role) || !u.mobileVerifiedAt ? null : u.pinHash) : u.passwordHash);
  const db = getDb();
  const keys = { identifier: key, identifierPolicy: policy, ip: ctx.ip };
  // A key that does not depend on the account (a PIN's mobile) is admitted while the account is looked up.
  const [candidate, admission] = await Promise.all([lookup, admitAttempt(db, keys, now)]);
  let result: SignInOutcome;
  let settle: SQL | null = null;
  if (!admission.admitted) result = { ok: false, reason: 'locked', retryAt: admission.retryAt };
  else {
    const hash = candidate ? storedHash(candidate) : null;
    const valid = hash ? await verifySecret(hash, secret) : await dummyVerify(secret);
    const success = valid && !!candidate && candidate.status !== 'disabled';
    settle = settleAttemptSql(keys, success, now);
    result = success ? { ok: true, userId: candidate.id, role: candidate.role, secondStep: candidate.secondStep } : { ok: false, reason: 'invalid' };
  }
  const event = db.insert(loginEvents).values({
    userId: candidate?.id ?? null,
    // A right first step of a two-step account is not yet a sign-in: the second step records its own event.
    success: result.ok && !result.secondStep,
    method,
    reason: result.ok ? (result.secondStep ? 'second_step' : 'ok') : result.reason === 'locked' ? 'locked' : 'bad_credentials',
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    createdAt: now,
  });
  const session =
    opts.startSession && result.ok && !result.secondStep
      ? db
          .insert(sessions)
          .values(sessionValues({ userId: result.userId, method, ip: ctx.ip, userAgent: ctx.userAgent }, now))
          .returning({ id: sessions.id })
      : null;
  if (!settle && !session) {
    await event;
    return result;
  }
  const [row] = await db.execute<{ session_id: string | null }>(sql`
    with ${sql.join([settle && sql`settled as (${settle})`, session && sql`started as (${session.getSQL()})`, sql`recorded as (${event.getSQL()})`].filter((p) => p !== null), sql`, `)}
    select ${session ? sql`(select id from started)` : sql`null`} as session_id`);
  return result.ok && row?.session_id ? { ...result, sessionId: row.session_id } : result;
}

// Whether a second step is due is read in the same query as the hash, so known accounts take no extra round trip.
const candidateColumns = { id: users.id, username: users.username, role: users.role, status: users.status, passwordHash: users.passwordHash, pinHash: users.pinHash, mobileVerifiedAt: users.mobileVerifiedAt, secondStep: hasSecondFactorSql(usersIdColumn) };

export async function verifyPasswordSignIn(identifier: string, password: string, ctx: RequestContext, now = clock.now(), opts: SignInOptions = {}): Promise<SignInOutcome> {
  const byEmail = identifier.includes('@');
  const normalized = byEmail ? normalizeEmail(identifier) : normalizeUsername(identifier.trim());
  const [candidate] = await getDb()
    .select(candidateColumns)
    .from(users)
    .where(byEmail ? eq(users.emailNormalized, normalized) : eq(users.username, normalized));
  // One account, one throttle: its email and its username count against the same key (the one
  // re-authentication uses); an identifier that matches no account is throttled as typed.
  return attemptSignIn('password', throttleKeys.password(candidate?.username ?? normalized), PASSWORD_POLICY, candidate, password, ctx, now, opts);
}

/** `mobile` is already E.164. */
export async function verifyPinSignIn(mobile: string, pin: string, ctx: RequestContext, now = clock.now(), opts: SignInOptions = {}): Promise<SignInOutcome> {
  const candidate = getDb()
    .select(candidateColumns)
    .from(users)
    .where(eq(users.mobile, mobile))
    .then(([row]) => row);
  return attemptSignIn('pin', throttleKeys.pin(mobile), PIN_POLICY, candidate, pin, ctx, now, opts);
}
