import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { throttles } from '@/db/schema';
import type { DbOrTx, Tx } from '@/db/client';
import { ipKey, throttleKeys } from './throttle-keys';

export interface ThrottlePolicy {
  /** Failures allowed before the first lock. */
  free: number;
  /** First lock; each further failure doubles it, up to maxLockMs. */
  baseLockMs: number;
  maxLockMs: number;
  /**
   * A quiet period after which the failure count starts again; `null`: never.
   * Waiting then gives no fresh free attempts: only a success or `clearThrottle`
   * (a PIN reset or change) starts the count again (docs/decisions/024).
   */
  resetAfterMs: number | null;
}

const MIN = 60_000;
/** PINs are short: 5 failures, then a lock that doubles up to a day and never decays by waiting. */
export const PIN_POLICY: ThrottlePolicy = { free: 5, baseLockMs: 15 * MIN, maxLockMs: 24 * 60 * MIN, resetAfterMs: null };
export const PASSWORD_POLICY: ThrottlePolicy = { free: 10, baseLockMs: 30_000, maxLockMs: 60 * MIN, resetAfterMs: 24 * 60 * MIN };
export const IP_POLICY: ThrottlePolicy = { free: 100, baseLockMs: MIN, maxLockMs: 60 * MIN, resetAfterMs: 60 * MIN };
/** Requests that send mail (resets, codes): a few per quarter hour per key. */
export const MAIL_POLICY: ThrottlePolicy = { free: 3, baseLockMs: 15 * MIN, maxLockMs: 60 * MIN, resetAfterMs: 15 * MIN };

/**
 * Creates the key's row or row-locks the existing one in one statement, so the
 * retention sweep (server/jobs/sweeps.ts, which skips locked rows) cannot delete
 * it between here and the count that follows.
 */
async function lockOrCreate(tx: Tx, key: string, now: Date) {
  await tx
    .insert(throttles)
    .values({ key, updatedAt: now })
    .onConflictDoUpdate({ target: throttles.key, set: { key: sql`excluded.key` } });
}

export function lockDurationMs(policy: ThrottlePolicy, failures: number): number {
  if (failures < policy.free) return 0;
  return Math.min(policy.baseLockMs * 2 ** (failures - policy.free), policy.maxLockMs);
}

export type Throttled<T> = { status: 'locked'; retryAt: Date } | { status: 'done'; value: T };

type ThrottleKeys = { identifier: string; identifierPolicy: ThrottlePolicy; ip?: string | null };

const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/**
 * The row `t` after one more failure under `policy`, as SQL assignments: the
 * count starts again after the policy's quiet period (never for a null one),
 * and the lock is `lockDurationMs` of the new count. The same rule as
 * `lockDurationMs`, in the statement that counts, so that the count and the lock
 * it implies are one atomic step however many attempts run at once. The
 * exponent is capped so that the double cannot overflow (the cap is hours away).
 */
function oneMoreFailure(policy: ThrottlePolicy, now: Date) {
  const staleBefore = policy.resetAfterMs === null ? null : new Date(now.getTime() - policy.resetAfterMs);
  // Not called while the row is locked, so "quiet and its lock over" is "quiet".
  const failures = staleBefore ? sql`(case when t.updated_at < ${at(staleBefore)} then 0 else t.failures end + 1)` : sql`(t.failures + 1)`;
  const lockFor = (f: typeof failures) =>
    sql`case when ${f} >= ${policy.free} then ${at(now)} + least(${policy.baseLockMs}::float8 * power(2::float8, least(${f} - ${policy.free}, 60)), ${policy.maxLockMs}::float8) * interval '1 millisecond' end`;
  return { failures, lockedUntil: lockFor(failures), firstLock: lockFor(sql`1`) };
}

/**
 * Admits one attempt, or refuses it while the identifier or the address is
 * locked: one statement, committed on its own when `db` is not a transaction.
 * An admitted attempt is counted as a failure before it runs (the identifier's
 * row and its lock move in the upsert itself), so parallel attempts are counted
 * one by one by Postgres's row lock for that statement only and no lock is held
 * while the secret is verified: of 20 parallel guesses exactly `free` are
 * admitted, the rest find the lock the last admitted one set. `settleAttempt`
 * then clears the count on success. A refused attempt counts nothing.
 * (docs/decisions/038)
 */
export async function admitAttempt(db: DbOrTx, keys: ThrottleKeys, now: Date): Promise<{ admitted: true } | { admitted: false; retryAt: Date }> {
  const ipRowKey = ipKey(throttleKeys.ip, keys.ip);
  const more = oneMoreFailure(keys.identifierPolicy, now);
  // A locked row is left as it is: the upsert's WHERE sees the row as the last attempt left it (it waits
  // for that attempt's row lock), so `counted` is empty exactly when this attempt is refused. (Postgres 15
  // has no OLD in RETURNING, hence the WHERE.)
  const [row] = await db.execute<{ ip_locked_until: string | null; counted: boolean; own_locked_until: string | null }>(sql`
    with ip as (select locked_until from ${throttles} where key = ${ipRowKey} and locked_until > ${at(now)}),
    counted as (
      insert into ${throttles} as t (key, failures, locked_until, window_started_at, updated_at)
      select ${keys.identifier}, 1, ${more.firstLock}, ${at(now)}, ${at(now)} where not exists (select 1 from ip)
      on conflict (key) do update set failures = ${more.failures}, locked_until = ${more.lockedUntil}, updated_at = ${at(now)}
        where t.locked_until is null or t.locked_until <= ${at(now)}
      returning 1
    )
    select (select locked_until from ip) as ip_locked_until, exists (select 1 from counted) as counted,
      (select locked_until from ${throttles} where key = ${keys.identifier}) as own_locked_until`);
  if (row?.counted) return { admitted: true };
  const ipLock = row?.ip_locked_until ? new Date(row.ip_locked_until) : null;
  let ownLock = row?.own_locked_until ? new Date(row.own_locked_until) : null;
  // The statement's snapshot may predate the lock a parallel attempt set a moment ago: read it again.
  if (!ipLock && !(ownLock && ownLock > now)) {
    const [fresh] = await db.select({ lockedUntil: throttles.lockedUntil }).from(throttles).where(sql`${throttles.key} = ${keys.identifier}`);
    ownLock = fresh?.lockedUntil ?? null;
  }
  const retryAt = [ipLock, ownLock].filter((d): d is Date => !!d && d > now).sort((a, b) => b.getTime() - a.getTime())[0];
  return { admitted: false, retryAt: retryAt ?? new Date(now.getTime() + keys.identifierPolicy.baseLockMs) };
}

/**
 * What an admitted attempt leaves behind, as one statement (composable in a
 * larger one): a success clears the identifier's count and lock; a failure,
 * already counted against the identifier on admission, counts against the
 * address. Null when there is nothing to write (a failure with no known address).
 */
export function settleAttemptSql(keys: ThrottleKeys, success: boolean, now: Date): SQL | null {
  if (success) return sql`update ${throttles} set failures = 0, locked_until = null, updated_at = ${at(now)} where key = ${keys.identifier}`;
  const ipRowKey = ipKey(throttleKeys.ip, keys.ip);
  if (!ipRowKey) return null;
  const more = oneMoreFailure(IP_POLICY, now);
  return sql`insert into ${throttles} as t (key, failures, locked_until, window_started_at, updated_at)
    values (${ipRowKey}, 1, ${more.firstLock}, ${at(now)}, ${at(now)})
    on conflict (key) do update set failures = ${more.failures}, locked_until = ${more.lockedUntil}, updated_at = ${at(now)}`;
}

/**
 * Runs `attempt` only if neither key is locked, then clears the identifier on
 * success or counts the failure against the address too (`admitAttempt`,
 * `settleAttemptSql`). Inside `tx` the identifier's row stays locked until the
 * transaction ends, so attempts that also write other rows (a spent recovery
 * code) run one at a time per identifier. The address row is counted with an
 * atomic increment but not held, so users behind one NAT do not queue behind each other.
 */
export async function withThrottle<T>(tx: Tx, keys: ThrottleKeys, now: Date, attempt: () => Promise<{ success: boolean; value: T }>): Promise<Throttled<T>> {
  const admission = await admitAttempt(tx, keys, now);
  if (!admission.admitted) return { status: 'locked', retryAt: admission.retryAt };
  const result = await attempt();
  const settle = settleAttemptSql(keys, result.success, now);
  if (settle) await tx.execute(settle);
  return { status: 'done', value: result.value };
}

/**
 * Counts one use of a rate-limited operation (e.g. sending a reset link) and
 * says whether it is allowed. Every call counts, allowed or not.
 */
export async function consumeRateLimit(tx: Tx, key: string, policy: ThrottlePolicy, now: Date): Promise<boolean> {
  await lockOrCreate(tx, key, now);
  const [row] = await tx.select().from(throttles).where(sql`${throttles.key} = ${key}`).for('update');
  if (row?.lockedUntil && row.lockedUntil > now) return false;
  const fresh = !row || (policy.resetAfterMs !== null && now.getTime() - row.windowStartedAt.getTime() > policy.resetAfterMs);
  const uses = (fresh ? 0 : row.failures) + 1;
  const lock = uses > policy.free ? lockDurationMs(policy, uses - 1) : 0;
  await tx
    .update(throttles)
    .set({ failures: uses, windowStartedAt: fresh ? now : row.windowStartedAt, lockedUntil: lock ? new Date(now.getTime() + lock) : null, updatedAt: now })
    .where(sql`${throttles.key} = ${key}`);
  return uses <= policy.free;
}

/** Forgets the failures counted against a key: a PIN reset or change ends a PIN lockout, as a successful sign-in does. */
export async function clearThrottle(db: DbOrTx, key: string, now: Date) {
  await db.update(throttles).set({ failures: 0, lockedUntil: null, updatedAt: now }).where(sql`${throttles.key} = ${key}`);
}

/** Counts one use against each limit (every one, even after one refuses) and says whether all allow it. */
export async function consumeRateLimits(tx: Tx, limits: { key: string; policy: ThrottlePolicy }[], now: Date): Promise<boolean> {
  let all = true;
  for (const { key, policy } of limits) all = (await consumeRateLimit(tx, key, policy, now)) && all;
  return all;
}
