import 'server-only';
import { and, asc, eq, gte, isNotNull, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { conversations, users } from '@/db/schema';
import {
  CONTACT_DUE_SOON_DAYS,
  CONTACT_PAGE_SIZE,
  CONTACT_TOPICS,
  INBOX_ASSIGNMENT_FILTERS,
  INBOX_DUE_FILTERS,
  INBOX_STATUS_FILTERS,
  type InboxFilters,
  type InboxPage,
} from '@/lib/contact';
import { DAY_MS, daysLeft } from '@/lib/reports';
import type { Actor } from '../core/actor';
import { afterCursor, cursorDue, cursorSchema, firstParam, keysetPage, type QueryParams } from '../core/keyset';
import { staffFrom } from '../core/staff';
import { ACTIVE_SQL } from './common';

/** Query-string filters; anything unknown falls back to the default view rather than erroring. */
const inboxQuerySchema = z.object({
  topic: z.enum([...CONTACT_TOPICS, 'any']).catch('any'),
  status: z.enum(INBOX_STATUS_FILTERS).catch('open'),
  due: z.enum(INBOX_DUE_FILTERS).catch('any'),
  assigned: z.enum(INBOX_ASSIGNMENT_FILTERS).catch('any'),
  after: cursorSchema,
});

export function parseInboxQuery(params: QueryParams) {
  const get = (k: string) => firstParam(params, k);
  const q = inboxQuerySchema.parse({ topic: get('topic'), status: get('status'), due: get('due'), assigned: get('assigned'), after: get('after') });
  return { filters: { topic: q.topic, status: q.status, due: q.due, assigned: q.assigned } satisfies InboxFilters, after: q.after ?? null };
}

const STATUS_SQL: Record<InboxFilters['status'], SQL> = {
  open: sql.raw(`"conversations"."status" = 'open'`),
  answered: sql.raw(`"conversations"."status" = 'answered'`),
  active: ACTIVE_SQL,
  closed: sql.raw(`"conversations"."status" = 'closed'`),
  // Every confirmed message: only confirmation sets a due date.
  all: sql`${conversations.dueAt} is not null`,
};

/**
 * A page of the inbox, due soonest first, with keyset pagination on (due_at, id).
 * It shows no personal data (topic, status, dates, holder), so listing is not an
 * access to anyone's data; opening a message is, and is audited. Unconfirmed
 * messages never appear. Null for non-staff.
 */
export async function listInbox(db: DbOrTx, actor: Actor | null, filters: InboxFilters, after: string | null, now: Date, pageSize = CONTACT_PAGE_SIZE): Promise<InboxPage | null> {
  const staff = await staffFrom(db, actor);
  if (!staff) return null;
  const where: (SQL | undefined)[] = [STATUS_SQL[filters.status]];
  if (filters.topic !== 'any') where.push(eq(conversations.topic, filters.topic));
  // Due dates matter while we owe an answer.
  if (filters.due === 'overdue') where.push(STATUS_SQL.open, lt(conversations.dueAt, now));
  if (filters.due === 'soon') where.push(STATUS_SQL.open, gte(conversations.dueAt, now), lt(conversations.dueAt, new Date(now.getTime() + CONTACT_DUE_SOON_DAYS * DAY_MS)));
  if (filters.assigned === 'mine') where.push(eq(conversations.claimedBy, staff.userId));
  if (filters.assigned === 'unassigned') where.push(isNull(conversations.claimedBy));
  if (after) where.push(afterCursor(conversations.dueAt, conversations.id, after));
  const rows = await db
    .select({
      id: conversations.id,
      topic: conversations.topic,
      status: conversations.status,
      userId: conversations.userId,
      dueAt: conversations.dueAt,
      lastActivityAt: conversations.lastActivityAt,
      claimedBy: conversations.claimedBy,
      claimer: users.username,
      cursor: cursorDue(conversations.dueAt),
    })
    .from(conversations)
    .leftJoin(users, eq(users.id, conversations.claimedBy))
    .where(and(isNotNull(conversations.dueAt), ...where))
    .orderBy(asc(conversations.dueAt), asc(conversations.id))
    .limit(pageSize + 1);
  const { page, next } = keysetPage(rows, pageSize);
  return {
    rows: page.map((r) => ({
      id: r.id,
      topic: r.topic,
      status: r.status,
      from: r.userId ? 'customer' : 'visitor',
      dueAt: r.dueAt!.toISOString(),
      lastActivityAt: r.lastActivityAt.toISOString(),
      claimedBy: r.claimedBy ? { id: r.claimedBy, username: r.claimer ?? '' } : null,
      daysLeft: daysLeft(r.dueAt!, now),
    })),
    next,
  };
}
