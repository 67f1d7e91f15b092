import 'server-only';
import { sql } from 'drizzle-orm';
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

/**
 * Runs `attempt` only if neither key is locked, then counts a failure or clears
 * the identifier on success. The identifier row is locked for the duration, so
 * concurrent attempts on one identifier are evaluated one at a time and none
 * slips past the limit. The IP row is counted (100 failures lock that address) but
 * not row-locked, so users behind one NAT do not queue behind each other.
 */
export async function withThrottle<T>(
  tx: Tx,
  keys: { identifier: string; identifierPolicy: ThrottlePolicy; ip?: string | null },
  now: Date,
  attempt: () => Promise<{ success: boolean; value: T }>,
): Promise<Throttled<T>> {
  const ipRowKey = ipKey(throttleKeys.ip, keys.ip);
  await lockOrCreate(tx, keys.identifier, now);
  if (ipRowKey) await tx.insert(throttles).values({ key: ipRowKey, updatedAt: now }).onConflictDoNothing();
  const [row] = await tx.select().from(throttles).where(sql`${throttles.key} = ${keys.identifier}`).for('update');
  const [ipRow] = ipRowKey ? await tx.select().from(throttles).where(sql`${throttles.key} = ${ipRowKey}`) : [];
  const stale = (r?: typeof row, p?: ThrottlePolicy) =>
    !!r && !!p && p.resetAfterMs !== null && now.getTime() - r.updatedAt.getTime() > p.resetAfterMs && (!r.lockedUntil || r.lockedUntil <= now);
  const lockedUntil = [row, ipRow].map((r) => r?.lockedUntil).filter((d): d is Date => !!d && d > now).sort((a, b) => b.getTime() - a.getTime())[0];
  if (lockedUntil) return { status: 'locked', retryAt: lockedUntil };

  const result = await attempt();
  if (result.success) {
    await tx.update(throttles).set({ failures: 0, lockedUntil: null, updatedAt: now }).where(sql`${throttles.key} = ${keys.identifier}`);
  } else {
    const failures = (stale(row, keys.identifierPolicy) ? 0 : (row?.failures ?? 0)) + 1;
    const lock = lockDurationMs(keys.identifierPolicy, failures);
    await tx
      .update(throttles)
      .set({ failures, lockedUntil: lock ? new Date(now.getTime() + lock) : null, updatedAt: now })
      .where(sql`${throttles.key} = ${keys.identifier}`);
    if (ipRowKey) {
      const ipFailures = (stale(ipRow, IP_POLICY) ? 0 : (ipRow?.failures ?? 0)) + 1;
      const ipLock = lockDurationMs(IP_POLICY, ipFailures);
      await tx
        .update(throttles)
        .set({ failures: ipFailures, lockedUntil: ipLock ? new Date(now.getTime() + ipLock) : null, updatedAt: now })
        .where(sql`${throttles.key} = ${ipRowKey}`);
    }
  }
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
