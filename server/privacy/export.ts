import 'server-only';
import type { Readable } from 'node:stream';
import { and, asc, eq, gt } from 'drizzle-orm';
import type postgres from 'postgres';
import { getDb, type DbOrTx } from '@/db/client';
import { securityEvents, users } from '@/db/schema';
import { describeDevice } from '@/lib/device';
import { EXPORT_LIMIT, EXPORT_WINDOW_HOURS, type ExportRefusal } from '@/lib/privacy';
import { isRecentlyReauthenticated } from '../auth/reauth';
import { clock } from '../clock';
import { log } from '../log';
import { privacyTemplates } from '../mail/privacy-templates';
import { mail } from '../mail/transport';
import type { RequestContext } from '../request';
import { exportArchive } from './archive';

const WINDOW_MS = EXPORT_WINDOW_HOURS * 3_600_000;

/** Who asks: always the session's own user (the route takes no user id from input). */
export interface ExportActor {
  userId: string;
  reauthenticatedAt: Date | null;
}

export type ExportStart =
  | { ok: true; body: Readable; filename: string; /** Settles once the snapshot transaction has ended and the lock is released. */ settled: Promise<'complete' | 'aborted'> }
  | { ok: false; status: 401 | 403 | 429; refusal: ExportRefusal; retryAt?: Date };

/**
 * Downloads in the rolling window. The caller holds the customer's export
 * lock, so the count and the insert cannot interleave with another request's.
 */
async function recordExport(userId: string, ctx: RequestContext, now: Date): Promise<{ ok: true } | { ok: false; retryAt: Date }> {
  return getDb().transaction(async (tx) => {
    const allowance = await exportAllowance(userId, now, tx);
    if (allowance.nextAt) return { ok: false, retryAt: allowance.nextAt };
    const [user] = await tx.select({ email: users.email }).from(users).where(eq(users.id, userId));
    await tx.insert(securityEvents).values({ userId, kind: 'data_export', ip: ctx.ip, userAgent: ctx.userAgent, createdAt: now });
    if (user) await mail.sendEmail({ to: user.email, userId, topic: 'security', ...(await privacyTemplates.dataExported(now, describeDevice(ctx.userAgent), ctx.ip)) }, tx);
    return { ok: true };
  });
}

/**
 * Streams the archive from one REPEATABLE READ, READ ONLY transaction on the
 * reserved connection `conn`, and ends the transaction when the consumer has
 * read everything (commit) or went away / something failed (rollback).
 */
export async function snapshotExport(conn: postgres.ReservedSql, userId: string, exportedAt: Date) {
  await conn.unsafe('begin isolation level repeatable read read only');
  // The snapshot is taken by the first statement, not by BEGIN: take it now, so the export is as of the request.
  await conn.unsafe('select 1');
  const { archive, stop } = exportArchive(conn, userId, exportedAt);
  const settled = new Promise<'complete' | 'aborted'>((resolve) => {
    let done = false;
    const end = (outcome: 'complete' | 'aborted') => {
      if (done) return;
      done = true;
      // A cursor still open would queue the ROLLBACK behind it for ever: close the cursors first.
      (outcome === 'complete' ? Promise.resolve() : stop())
        .then(() => conn.unsafe(outcome === 'complete' ? 'commit' : 'rollback'))
        .catch((e: unknown) => log.warn({ err: e }, 'export_transaction_end_failed'))
        .finally(() => resolve(outcome));
    };
    archive.once('end', () => end('complete'));
    archive.once('error', (err: Error) => {
      log.error({ err }, 'export_failed');
      end('aborted');
    });
    archive.once('close', () => end('aborted'));
  });
  return { archive, settled };
}

const lockKey = (userId: string) => `data_export:${userId}`;

/**
 * "Download your data" for the signed-in customer: re-authentication in the
 * last 5 minutes, one export at a time per customer (a session-level advisory
 * lock held on the export's own connection until the stream ends), at most
 * EXPORT_LIMIT a window. Each download is a security event and an email.
 */
export async function startExport(actor: ExportActor | null, ctx: RequestContext, now = clock.now()): Promise<ExportStart> {
  if (!actor) return { ok: false, status: 401, refusal: 'signed_out' };
  if (!isRecentlyReauthenticated({ reauthenticatedAt: actor.reauthenticatedAt }, now)) return { ok: false, status: 403, refusal: 'reauth' };
  const conn = await (getDb().$client as postgres.Sql).reserve();
  let handedOver = false;
  let locked = false;
  try {
    const [row] = await conn`select pg_try_advisory_lock(hashtextextended(${lockKey(actor.userId)}, 0)) as locked`;
    locked = row!.locked as boolean;
    if (!locked) return { ok: false, status: 429, refusal: 'busy' };
    const gate = await recordExport(actor.userId, ctx, now);
    if (!gate.ok) return { ok: false, status: 429, refusal: 'limit', retryAt: gate.retryAt };
    const { archive, settled } = await snapshotExport(conn, actor.userId, now);
    handedOver = true;
    log.info({ userId: actor.userId, requestId: ctx.requestId }, 'data_export_started');
    const released = settled.then(async (outcome) => {
      await conn`select pg_advisory_unlock(hashtextextended(${lockKey(actor.userId)}, 0))`.catch(() => {});
      conn.release();
      log.info({ userId: actor.userId, outcome }, 'data_export_ended');
      return outcome;
    });
    return { ok: true, body: archive, filename: `account-data-${now.toISOString().slice(0, 10)}.zip`, settled: released };
  } finally {
    if (!handedOver) {
      if (locked) await conn`select pg_advisory_unlock(hashtextextended(${lockKey(actor.userId)}, 0))`.catch(() => {});
      conn.release();
    }
  }
}

/** Downloads left in the window now, and when the next one frees up if none are left (for the page). */
export async function exportAllowance(userId: string, now = clock.now(), db: DbOrTx = getDb()) {
  const recent = await db
    .select({ at: securityEvents.createdAt })
    .from(securityEvents)
    .where(and(eq(securityEvents.userId, userId), eq(securityEvents.kind, 'data_export'), gt(securityEvents.createdAt, new Date(now.getTime() - WINDOW_MS))))
    .orderBy(asc(securityEvents.createdAt));
  // When none are left, the next frees up as the oldest download that keeps the count at the limit ages out.
  const left = Math.max(0, EXPORT_LIMIT - recent.length);
  return { left, nextAt: left === 0 ? new Date(recent[recent.length - EXPORT_LIMIT]!.at.getTime() + WINDOW_MS) : null };
}
