import 'server-only';
import { and, asc, eq, isNull, ne, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import type { Database, Tx } from '@/db/client';
import { conversations, reports, users } from '@/db/schema';
import { CONTACT_REPLY_LINK_DAYS, type ContactAuditAction, type HelpKind, type ThreadEntry } from '@/lib/contact';
import { normalizeEmail } from '@/lib/validation/fields';
import type { convertSchema, conversationRefSchema, helpSchema, staffNoteSchema, staffReplySchema } from '@/lib/validation/contact';
import type { Actor } from '../core/actor';
import { DomainError } from '../core/refusal';
import { contactTemplates } from '../mail/contact-templates';
import { mail } from '../mail/transport';
import { audit } from '../core/audit';
import { staffFrom } from '../core/staff';
import { addEvent as addReportEvent, currentValueOf, dueText, OPEN_REPORT_SQL } from '../reports/common';
import { ACTIVE_SQL, addEvent, closeConversation, dueFrom, emailAnswer, threadOf, type ConversationRow } from './common';

/*
 * The staff inbox. Every function checks the actor against the users row
 * (an active staff member or admin), never shows an unconfirmed message, lets
 * only the member of staff holding the claim act, and writes an append-only
 * audit entry in the same transaction as what it records; the customer sees
 * those entries under "Who accessed your information".
 */

type Staff = NonNullable<Awaited<ReturnType<typeof staffFrom>>>;

async function staffOrRefuse(tx: Tx, actor: Actor | null): Promise<Staff> {
  const staff = await staffFrom(tx, actor);
  if (!staff) throw new DomainError({ code: actor ? 'staff_only' : 'session_ended' });
  return staff;
}

const logAccess = (tx: Tx, staff: Staff, action: ContactAuditAction, c: Pick<ConversationRow, 'id' | 'userId'>, now: Date, reportId?: number) =>
  audit(tx, { actor: staff, action, subjectUserId: c.userId, conversationId: c.id, reportId: reportId ?? null }, now);

export interface StaffConversationView {
  conversation: ConversationRow;
  customer: { id: string; username: string } | null;
  claimer: { id: string; username: string } | null;
  thread: ThreadEntry[];
  viewer: { userId: string; role: Staff['role']; holdsClaim: boolean };
}

/** The conversation page. Reading a message is access to personal data: it is audited. Null for non-staff, unconfirmed or unknown messages. */
export async function getConversationForStaff(db: Database | Tx, actor: Actor | null, id: number, now: Date): Promise<StaffConversationView | null> {
  return db.transaction(async (tx) => {
    const staff = await staffFrom(tx, actor);
    if (!staff) return null;
    const customer = alias(users, 'customer');
    const claimer = alias(users, 'claimer');
    const [row] = await tx
      .select({ conversation: conversations, customer: { id: customer.id, username: customer.username }, claimer: { id: claimer.id, username: claimer.username } })
      .from(conversations)
      .leftJoin(customer, eq(customer.id, conversations.userId))
      .leftJoin(claimer, eq(claimer.id, conversations.claimedBy))
      .where(and(eq(conversations.id, id), ne(conversations.status, 'unverified')));
    if (!row) return null;
    const c = row.conversation;
    await logAccess(tx, staff, 'message.viewed', c, now);
    return {
      conversation: c,
      customer: row.customer?.id ? row.customer : null,
      claimer: row.claimer?.id ? row.claimer : null,
      thread: await threadOf(tx, c.id, 'staff'),
      viewer: { userId: staff.userId, role: staff.role, holdsClaim: c.claimedBy === staff.userId },
    };
  });
}

/* ---------------------------------------------------------------- claims */

async function takeClaim(tx: Tx, staff: Staff, c: ConversationRow, now: Date) {
  await tx.update(conversations).set({ claimedBy: staff.userId, claimedAt: now }).where(eq(conversations.id, c.id));
  await addEvent(tx, { conversationId: c.id, kind: 'assignment', author: 'staff', actor: staff, body: `Claimed by ${staff.username}`, internal: true }, now);
  await logAccess(tx, staff, 'message.claimed', c, now);
}

/**
 * Claims one message. `FOR UPDATE SKIP LOCKED`: of any number of staff claiming
 * at once exactly one gets it; the others are told who holds it, or that
 * someone is taking it right now, without waiting.
 */
export async function claimConversation(tx: Tx, actor: Actor | null, input: z.output<typeof conversationRefSchema>, now: Date): Promise<{ id: number }> {
  const staff = await staffOrRefuse(tx, actor);
  const [free] = await tx
    .select()
    .from(conversations)
    .where(and(eq(conversations.id, input.conversationId), ACTIVE_SQL, isNull(conversations.claimedBy)))
    .for('update', { skipLocked: true });
  if (free?.userId === staff.userId) throw new DomainError({ code: 'contact_own_message' });
  if (free) {
    await takeClaim(tx, staff, free, now);
    return { id: free.id };
  }
  const [seen] = await tx
    .select({ status: conversations.status, claimedBy: conversations.claimedBy, holder: users.username })
    .from(conversations)
    .leftJoin(users, eq(users.id, conversations.claimedBy))
    .where(eq(conversations.id, input.conversationId));
  if (!seen || seen.status === 'unverified') throw new DomainError({ code: 'contact_not_found' });
  if (seen.status === 'closed') throw new DomainError({ code: 'contact_already_closed' });
  if (seen.claimedBy === staff.userId) return { id: input.conversationId };
  if (seen.claimedBy) throw new DomainError({ code: 'contact_held_by', params: { holder: seen.holder ?? 'Someone' } });
  throw new DomainError({ code: 'contact_being_claimed' });
}

/** Claims the unassigned message waiting for an answer that is due soonest (skipping any another member of staff is taking at this instant). */
export async function claimNextConversation(tx: Tx, actor: Actor | null, now: Date): Promise<{ id: number } | null> {
  const staff = await staffOrRefuse(tx, actor);
  const [next] = await tx
    .select()
    .from(conversations)
    .where(and(sql.raw(`"conversations"."status" = 'open'`), isNull(conversations.claimedBy), or(isNull(conversations.userId), ne(conversations.userId, staff.userId))))
    .orderBy(asc(conversations.dueAt), asc(conversations.id))
    .limit(1)
    .for('update', { skipLocked: true });
  if (!next) return null;
  await takeClaim(tx, staff, next, now);
  return { id: next.id };
}

/** The conversation locked for an action (a blocking lock: two answers at once run one after the other); only its holder may act. */
async function lockHeld(tx: Tx, actor: Actor | null, id: number): Promise<{ staff: Staff; c: ConversationRow }> {
  const staff = await staffOrRefuse(tx, actor);
  const [c] = await tx.select().from(conversations).where(eq(conversations.id, id)).for('update');
  if (!c || c.status === 'unverified') throw new DomainError({ code: 'contact_not_found' });
  if (c.status === 'closed') throw new DomainError({ code: 'contact_already_closed' });
  if (c.claimedBy !== staff.userId) throw new DomainError({ code: c.claimedBy ? 'contact_held_by_other' : 'contact_claim_first' });
  return { staff, c };
}

/** Gives the claim up; admins may release anyone's. */
export async function releaseConversation(tx: Tx, actor: Actor | null, input: z.output<typeof conversationRefSchema>, now: Date): Promise<{ id: number }> {
  const staff = await staffOrRefuse(tx, actor);
  const [c] = await tx.select().from(conversations).where(eq(conversations.id, input.conversationId)).for('update');
  if (!c || c.status === 'unverified') throw new DomainError({ code: 'contact_not_found' });
  if (c.status === 'closed') throw new DomainError({ code: 'contact_already_closed' });
  if (!c.claimedBy) throw new DomainError({ code: 'contact_not_held' });
  if (c.claimedBy !== staff.userId && staff.role !== 'admin') throw new DomainError({ code: 'contact_release_not_yours' });
  await tx.update(conversations).set({ claimedBy: null, claimedAt: null }).where(eq(conversations.id, c.id));
  await addEvent(tx, { conversationId: c.id, kind: 'assignment', author: 'staff', actor: staff, body: `Released by ${staff.username}`, internal: true }, now);
  await logAccess(tx, staff, 'message.released', c, now);
  return { id: c.id };
}

/* ---------------------------------------------------------------- answers */

/** Our answer, or a kind of help: joins the thread, goes out as a service email, and our turn is done. */
async function answer(tx: Tx, staff: Staff, c: ConversationRow, body: string | null, help: HelpKind | null, now: Date) {
  await addEvent(tx, { conversationId: c.id, kind: help ? 'help' : 'reply', author: 'staff', actor: staff, body: help ?? body }, now);
  await tx.update(conversations).set({ status: 'answered' }).where(eq(conversations.id, c.id));
  await emailAnswer(tx, c, body, help, now, CONTACT_REPLY_LINK_DAYS);
  await logAccess(tx, staff, help ? 'message.help_sent' : 'message.replied', c, now);
}

export async function replyAsStaff(tx: Tx, actor: Actor | null, input: z.output<typeof staffReplySchema>, now: Date): Promise<{ id: number }> {
  const { staff, c } = await lockHeld(tx, actor, input.conversationId);
  await answer(tx, staff, c, input.message, null, now);
  return { id: c.id };
}

/** Starts the customer's own download or deletion: a service email with the link to the page where they do it themselves. */
export async function sendHelp(tx: Tx, actor: Actor | null, input: z.output<typeof helpSchema>, now: Date): Promise<{ id: number }> {
  const { staff, c } = await lockHeld(tx, actor, input.conversationId);
  await answer(tx, staff, c, null, input.kind, now);
  return { id: c.id };
}

/** For staff only: the writer never sees notes. */
export async function addStaffNote(tx: Tx, actor: Actor | null, input: z.output<typeof staffNoteSchema>, now: Date): Promise<{ id: number }> {
  const { staff, c } = await lockHeld(tx, actor, input.conversationId);
  await addEvent(tx, { conversationId: c.id, kind: 'note', author: 'staff', actor: staff, body: input.note, internal: true }, now);
  await logAccess(tx, staff, 'message.noted', c, now);
  return { id: c.id };
}

export async function closeAsStaff(tx: Tx, actor: Actor | null, input: z.output<typeof conversationRefSchema>, now: Date): Promise<{ id: number }> {
  const { staff, c } = await lockHeld(tx, actor, input.conversationId);
  await closeConversation(tx, c, { author: 'staff', actor: staff }, now);
  await mail.sendEmail({ to: c.replyTo, userId: c.userId, ...(await contactTemplates.closed(c.id, !!c.userId)) }, tx);
  await logAccess(tx, staff, 'message.closed', c, now);
  return { id: c.id };
}

/**
 * Turns a customer's message into an inaccuracy report, already confirmed (the
 * customer wrote signed in, or confirmed the address): it joins the report
 * queue with the message's due date if we still owe an answer, and the
 * conversation closes pointing to it. Visitors have no account to correct.
 */
export async function convertToReport(tx: Tx, actor: Actor | null, input: z.output<ReturnType<typeof convertSchema>>, now: Date): Promise<{ id: number; reportId: number }> {
  const { staff, c } = await lockHeld(tx, actor, input.conversationId);
  if (!c.userId) throw new DomainError({ code: 'contact_visitor_no_report' });
  // One customer's reports are created one at a time (as startReport does), so the open-report check holds.
  await tx.select({ id: users.id }).from(users).where(eq(users.id, c.userId)).for('update');
  const current = await currentValueOf(tx, c.userId, input.item);
  const same = input.item === 'email' ? normalizeEmail(input.proposedValue) === normalizeEmail(current.value ?? '') : input.proposedValue === current.value;
  if (same) throw new DomainError({ code: 'contact_report_same_value', field: 'proposedValue' });
  const [open] = await tx
    .select({ id: reports.id })
    .from(reports)
    .where(and(eq(reports.userId, c.userId), eq(reports.item, input.item), OPEN_REPORT_SQL));
  if (open) throw new DomainError({ code: 'contact_report_open', field: 'item', params: { id: open.id } });
  const dueAt = c.status === 'open' && c.dueAt ? c.dueAt : dueFrom(now);
  const [report] = await tx
    .insert(reports)
    .values({
      userId: c.userId,
      item: input.item,
      currentValue: current.value,
      proposedValue: input.proposedValue,
      explanation: input.explanation,
      statement: input.statement ?? null,
      profileVersion: current.profileVersion,
      status: 'submitted',
      verifiedAt: now,
      dueAt,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: reports.id });
  await addReportEvent(tx, { reportId: report!.id, kind: 'status', status: 'submitted', body: `Opened by staff from message #${c.id}.`, actor: staff }, now);
  await closeConversation(tx, c, { author: 'staff', actor: staff }, now, report!.id);
  await mail.sendEmail({ to: c.replyTo, userId: c.userId, ...(await contactTemplates.converted(c.id, report!.id, dueText(dueAt))) }, tx);
  await logAccess(tx, staff, 'message.converted', c, now, report!.id);
  return { id: c.id, reportId: report!.id };
}
