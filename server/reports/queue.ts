import 'server-only';
import { and, asc, eq, lt, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { reports, users } from '@/db/schema';
import { daysLeft, itemLabel, QUEUE_ASSIGNMENT_FILTERS, QUEUE_PAGE_SIZE, QUEUE_STATUS_FILTERS, type QueueFilters, type QueuePage } from '@/lib/reports';
import { clock } from '../clock';
import { afterCursor, cursorDue, cursorSchema, firstParam, keysetPage, type QueryParams } from '../core/keyset';
import type { Actor } from '../core/actor';
import { staffFrom } from '../core/staff';
import { OPEN_REPORT_SQL } from './common';

/** Query-string filters; anything unknown falls back to the default view rather than erroring. */
export const queueQuerySchema = z.object({
  status: z.enum(QUEUE_STATUS_FILTERS).catch('open'),
  assigned: z.enum(QUEUE_ASSIGNMENT_FILTERS).catch('any'),
  overdue: z
    .string()
    .optional()
    .transform((v) => v === '1' || v === 'true')
    .catch(false),
  after: cursorSchema,
});

export function parseQueueQuery(params: QueryParams) {
  const get = (k: string) => firstParam(params, k);
  const q = queueQuerySchema.parse({ status: get('status'), assigned: get('assigned'), overdue: get('overdue'), after: get('after') });
  return { filters: { status: q.status, assigned: q.assigned, overdue: q.overdue } satisfies QueueFilters, after: q.after ?? null };
}

/*
 * The predicates are literal SQL on purpose: with constants (not bind
 * parameters) Postgres can match the partial indexes (reports_open_queue_idx,
 * reports_unassigned_queue_idx), so every filter is a range scan in due-date
 * order and the first page costs the same at 100 or 100k reports.
 */
const UNASSIGNED = sql.raw(`"reports"."claimed_by" is null`);
const VERIFIED = sql.raw(`"reports"."due_at" is not null`);

/**
 * A page of the staff queue, sorted by due date (then id), with keyset
 * pagination on (due_at, id). Unconfirmed drafts never appear: every view
 * requires a due date, which only verification sets. Null for non-staff.
 */
export async function listQueue(actor: Actor | null, filters: QueueFilters, after: string | null = null, now = clock.now(), pageSize = QUEUE_PAGE_SIZE): Promise<QueuePage | null> {
  const db = getDb();
  const staff = await staffFrom(db, actor);
  if (!staff) return null;
  const where: (SQL | undefined)[] = [];
  if (filters.status === 'open') where.push(OPEN_REPORT_SQL);
  else if (filters.status === 'all') where.push(VERIFIED);
  else where.push(eq(reports.status, filters.status), VERIFIED);
  if (filters.assigned === 'unassigned') where.push(UNASSIGNED);
  if (filters.assigned === 'mine') where.push(eq(reports.claimedBy, staff.userId));
  if (filters.overdue) where.push(lt(reports.dueAt, now));
  if (after) where.push(afterCursor(reports.dueAt, reports.id, after));
  const rows = await db
    .select({
      id: reports.id,
      item: reports.item,
      status: reports.status,
      dueAt: reports.dueAt,
      extended: reports.extended,
      verifiedAt: reports.verifiedAt,
      claimedBy: reports.claimedBy,
      claimer: users.username,
      cursor: cursorDue(reports.dueAt),
    })
    .from(reports)
    .leftJoin(users, eq(users.id, reports.claimedBy))
    .where(and(...where))
    .orderBy(asc(reports.dueAt), asc(reports.id))
    .limit(pageSize + 1);
  const { page, next } = keysetPage(rows, pageSize);
  return {
    rows: page.map((r) => ({
      id: r.id,
      item: r.item,
      itemLabel: itemLabel(r.item),
      status: r.status,
      dueAt: r.dueAt!.toISOString(),
      extended: r.extended,
      verifiedAt: r.verifiedAt!.toISOString(),
      claimedBy: r.claimedBy ? { id: r.claimedBy, username: r.claimer ?? '' } : null,
      daysLeft: daysLeft(r.dueAt!, now),
    })),
    next,
  };
}

