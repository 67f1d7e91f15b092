import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { RETENTION } from '@/lib/retention';
import { rollupAnalytics } from '../analytics/rollup';
import { clock } from '../clock';

/*
 * Retention sweeps: plain functions of (db, now), so tests call them directly
 * with any instant; pg-boss only schedules them (./worker.ts). Each deletes
 * exactly the rows past their retention, in batches so a backlog never holds
 * long locks, and running one twice deletes nothing more.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** An instant `ms` before `now`, as SQL (the postgres driver does not bind a Date in a raw statement). */
const before = (now: Date, ms: number) => sql`${new Date(now.getTime() - ms).toISOString()}::timestamptz`;

/**
 * Deletes the rows of `table` matching `where`, `batch` at a time; returns how
 * many. `skipLocked` leaves rows another transaction holds (one in use now).
 */
async function deleteInBatches(db: DbOrTx, table: string, where: SQL, { batch = 5_000, skipLocked = false } = {}): Promise<number> {
  let total = 0;
  for (;;) {
    const rows = await db.execute<{ n: number }>(sql`
      with gone as (
        delete from ${sql.identifier(table)} where ctid = any(array(select ctid from ${sql.identifier(table)} where ${where} limit ${batch}${skipLocked ? sql` for update skip locked` : sql``}))
        returning 1)
      select count(*)::int as n from gone`);
    const n = Number(rows[0]?.n ?? 0);
    total += n;
    if (n < batch) return total;
  }
}

/** Login history (successes and failures, with IP and device) older than 90 days. */
export function sweepLoginHistory(db: DbOrTx, now: Date = clock.now()) {
  return deleteInBatches(db, 'login_events', sql`created_at < ${before(now, RETENTION.loginHistoryDays * DAY)}`);
}

/**
 * Sessions past their absolute expiry by more than the margin. Every session
 * has ended by its absolute expiry (idle, revoked or timed out), so this
 * removes ended sessions only, a day after they could last have been used.
 */
export function sweepSessions(db: DbOrTx, now: Date = clock.now()) {
  return deleteInBatches(db, 'sessions', sql`absolute_expires_at < ${before(now, RETENTION.sessionMarginHours * HOUR)}`);
}

/** One-time codes and links that expired, or were used, more than a day ago. */
export function sweepVerifications(db: DbOrTx, now: Date = clock.now()) {
  const cutoff = before(now, RETENTION.verificationHours * HOUR);
  return deleteInBatches(db, 'verifications', sql`(expires_at < ${cutoff} or consumed_at < ${cutoff})`);
}

/**
 * Throttle rows no lock and no counting window needs any more: unlocked (or
 * the lock has ended) and untouched for the longest window of any policy. The
 * identifier or IP address in the key goes with them. A row an attempt is
 * using right now is skipped (its lock is held); the next run takes it.
 */
export function sweepThrottles(db: DbOrTx, now: Date = clock.now()) {
  const nowSql = before(now, 0);
  // A PIN's failures never decay (docs/decisions/024): its row is the lockout's memory, kept until a sign-in or reset clears it.
  return deleteInBatches(
    db,
    'throttles',
    sql`(locked_until is null or locked_until <= ${nowSql}) and updated_at < ${before(now, RETENTION.throttleQuietHours * HOUR)} and not (key like 'pin:%' and failures > 0)`,
    { skipLocked: true },
  );
}

/** Blanks the bodies and headers of messages sent more than `mailBodyDays` ago, in batches; rows already blank are skipped. */
export async function sweepMailBodies(db: DbOrTx, now: Date = clock.now(), batch = 5_000): Promise<number> {
  let total = 0;
  for (;;) {
    const rows = await db.execute<{ n: number }>(sql`
      with done as (
        update outbox set text = '', html = null, headers = null
        where id = any(array(select id from outbox where status = 'sent' and created_at < ${before(now, RETENTION.mailBodyDays * DAY)} and (text <> '' or html is not null or headers is not null) limit ${batch}))
        returning 1)
      select count(*)::int as n from done`);
    const n = Number(rows[0]?.n ?? 0);
    total += n;
    if (n < batch) return total;
  }
}

/**
 * Rolls raw analytics up into the daily aggregates, then deletes the raw rows
 * older than a day. Only counted rows are deleted, so nothing is lost if the
 * roll-up is interrupted.
 */
export async function sweepRawAnalytics(db: DbOrTx, now: Date = clock.now()) {
  const rolledUp = await rollupAnalytics(db, now);
  const deleted = await deleteInBatches(db, 'analytics_events', sql`occurred_at < ${before(now, RETENTION.rawAnalyticsHours * HOUR)} and rolled_up_at is not null`);
  return { rolledUp, deleted };
}
