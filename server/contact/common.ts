import 'server-only';
import { asc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx, Tx } from '@/db/client';
import { conversationEvents, conversations, users } from '@/db/schema';
import { CONTACT_DEADLINE_DAYS, type ConversationAuthor, type ConversationEventKind, type ConversationStatus, type HelpKind, type ThreadEntry } from '@/lib/contact';
import { DAY_MS, ROLE_LABELS } from '@/lib/reports';
import type { Role } from '../auth/sessions';
import { DomainError } from '../core/refusal';
import { createLinkToken } from '../verifications';
import { dueText } from '../reports/common';
import { contactTemplates } from '../mail/contact-templates';
import { mail } from '../mail/transport';

export type ConversationRow = typeof conversations.$inferSelect;

/** Verified and not closed: in the inbox, claimable, answerable. Literal SQL so Postgres can use the partial index. */
export const ACTIVE_SQL = sql.raw(`"conversations"."status" in ('open', 'answered')`);

export const dueFrom = (now: Date) => new Date(now.getTime() + CONTACT_DEADLINE_DAYS * DAY_MS);

/** The link-token purposes: the conversation is part of the purpose, so a token for one message opens no other. */
export const confirmPurpose = (id: number) => `contact_confirm:${id}`;
export const replyPurpose = (id: number) => `contact_reply:${id}`;

export interface EventInput {
  conversationId: number;
  kind: ConversationEventKind;
  author: ConversationAuthor;
  actor?: { userId: string; role: Role } | null;
  status?: ConversationStatus | null;
  body?: string | null;
  internal?: boolean;
  reportId?: number | null;
}

/** Appends one entry to a thread and moves the conversation's last activity. */
export async function addEvent(tx: Tx, e: EventInput, now: Date) {
  await tx.insert(conversationEvents).values({
    conversationId: e.conversationId,
    kind: e.kind,
    author: e.author,
    actorUserId: e.actor?.userId ?? null,
    actorRole: e.actor?.role ?? null,
    status: e.status ?? null,
    body: e.body ?? null,
    internal: e.internal ?? false,
    reportId: e.reportId ?? null,
    at: now,
  });
  if (!e.internal) await tx.update(conversations).set({ lastActivityAt: now }).where(eq(conversations.id, e.conversationId));
}

type By = { author: ConversationAuthor; actor: { userId: string; role: Role } | null };

/**
 * unverified → open: the address is proven (confirmed link, or a signed-in
 * customer's confirmed account address). Starts the 30-day clock and tells the writer.
 */
export async function markOpen(tx: Tx, c: ConversationRow, by: By, now: Date) {
  const dueAt = dueFrom(now);
  await tx.update(conversations).set({ status: 'open', verifiedAt: now, dueAt }).where(eq(conversations.id, c.id));
  await addEvent(tx, { conversationId: c.id, kind: 'status', status: 'open', author: by.author, actor: by.actor }, now);
  await mail.sendEmail({ to: c.replyTo, userId: c.userId, ...(await contactTemplates.received(c.id, dueText(dueAt), !!c.userId)) }, tx);
  return dueAt;
}

/**
 * The writer has written again: if we had answered, we owe a new answer within
 * 30 days; if we still owe one, its due date stays.
 */
export async function reopenOnMessage(tx: Tx, c: ConversationRow, by: By, now: Date) {
  if (c.status !== 'answered') return c.dueAt;
  const dueAt = dueFrom(now);
  await tx.update(conversations).set({ status: 'open', dueAt }).where(eq(conversations.id, c.id));
  await addEvent(tx, { conversationId: c.id, kind: 'status', status: 'open', author: by.author, actor: by.actor }, now);
  return dueAt;
}

/** Closes a conversation for whoever is closing it (pointing to the report it became, if any); a second close is refused. */
export async function closeConversation(tx: Tx, c: ConversationRow, by: By, now: Date, reportId: number | null = null) {
  if (c.status === 'closed') throw new DomainError({ code: 'contact_already_closed' });
  await tx.update(conversations).set({ status: 'closed', closedAt: now, closedBy: by.author, ...(reportId ? { reportId } : {}) }).where(eq(conversations.id, c.id));
  await addEvent(tx, { conversationId: c.id, kind: 'status', status: 'closed', ...by, reportId }, now);
}

/**
 * Emails our answer: to a customer a notice (the answer is behind sign-in), to a
 * visitor the answer itself with a fresh single-use link to write back.
 */
export async function emailAnswer(tx: Tx, c: ConversationRow, answer: string | null, help: HelpKind | null, now: Date, linkDays: number) {
  if (c.userId) {
    await mail.sendEmail({ to: c.replyTo, userId: c.userId, ...(await contactTemplates.answeredCustomer(c.id, help)) }, tx);
    return;
  }
  const token = await createLinkToken(tx, { purpose: replyPurpose(c.id), target: c.replyToNormalized, userId: null, minutes: linkDays * 24 * 60 }, now);
  await mail.sendEmail({ to: c.replyTo, userId: null, ...(await contactTemplates.answeredVisitor(c.id, answer, help, token)) }, tx);
}

/**
 * A thread, oldest first. `reader: 'writer'` is what the person who wrote sees:
 * no internal entries, staff by role only. `reader: 'staff'` is everything, with usernames.
 */
export async function threadOf(db: DbOrTx, conversationId: number, reader: 'writer' | 'staff'): Promise<ThreadEntry[]> {
  const actor = alias(users, 'actor');
  const rows = await db
    .select({ e: conversationEvents, username: actor.username })
    .from(conversationEvents)
    .leftJoin(actor, eq(actor.id, conversationEvents.actorUserId))
    .where(eq(conversationEvents.conversationId, conversationId))
    .orderBy(asc(conversationEvents.id));
  return rows
    .filter(({ e }) => reader === 'staff' || !e.internal)
    .map(({ e, username }) => ({
      id: e.id,
      kind: e.kind,
      status: e.status,
      body: e.body,
      internal: e.internal,
      by:
        e.author !== 'staff'
          ? reader === 'writer'
            ? 'You'
            : e.author === 'visitor'
              ? 'Visitor'
              : 'Customer'
          : reader === 'writer'
            ? ROLE_LABELS[e.actorRole ?? 'staff']
            : `${username ?? 'Former staff member'} (${e.actorRole ?? 'staff'})`,
      reportId: e.reportId,
      at: e.at.toISOString(),
    }));
}
