import 'server-only';
import { and, desc, eq, gt, ne, or } from 'drizzle-orm';
import type { z } from 'zod';
import type { DbOrTx, Tx } from '@/db/client';
import { conversations, users } from '@/db/schema';
import { CONTACT_UNVERIFIED_HOURS, type ConversationStatus, type ContactTopic, type ThreadEntry } from '@/lib/contact';
import type { conversationRefSchema, customerReplySchema } from '@/lib/validation/contact';
import { consumeRateLimit, type ThrottlePolicy } from '../auth/throttle';
import type { Actor } from '../core/actor';
import { DomainError, refuse, type Refusal } from '../core/refusal';
import { addEvent, closeConversation, reopenOnMessage, threadOf, type ConversationRow } from './common';
import { throttleKeys } from '../auth/throttle-keys';

/*
 * A signed-in customer's side: their own conversations only. Another
 * customer's message id is "not found", exactly like one that does not exist.
 */

const MIN = 60_000;
/** Replies per customer: a conversation, not a chat room. */
export const CUSTOMER_REPLY_LIMIT: ThrottlePolicy = { free: 20, baseLockMs: 60 * MIN, maxLockMs: 24 * 60 * MIN, resetAfterMs: 60 * MIN };

export interface MyConversation {
  id: number;
  topic: ContactTopic;
  status: ConversationStatus;
  createdAt: Date;
  dueAt: Date | null;
  lastActivityAt: Date;
}

/** What the contact form fills in for a signed-in customer: their account address, and whether it is confirmed. */
export async function replyAddressFor(db: DbOrTx, userId: string): Promise<{ email: string; verified: boolean } | null> {
  const [u] = await db.select({ email: users.email, verifiedAt: users.emailVerifiedAt }).from(users).where(eq(users.id, userId));
  return u ? { email: u.email, verified: !!u.verifiedAt } : null;
}

/** Unconfirmed messages older than a day are dead (the sweep deletes them): not listed. */
const notExpired = (now: Date) => or(ne(conversations.status, 'unverified'), gt(conversations.createdAt, new Date(now.getTime() - CONTACT_UNVERIFIED_HOURS * 60 * MIN)));

export async function listMyConversations(db: DbOrTx, userId: string, now: Date): Promise<MyConversation[]> {
  return db
    .select({ id: conversations.id, topic: conversations.topic, status: conversations.status, createdAt: conversations.createdAt, dueAt: conversations.dueAt, lastActivityAt: conversations.lastActivityAt })
    .from(conversations)
    .where(and(eq(conversations.userId, userId), notExpired(now)))
    .orderBy(desc(conversations.lastActivityAt), desc(conversations.id));
}

/** One of the customer's own conversations with the thread they may see; null when it is not theirs. */
export async function getMyConversation(db: DbOrTx, userId: string, id: number, now: Date): Promise<{ conversation: ConversationRow; thread: ThreadEntry[] } | null> {
  const [conversation] = await db
    .select()
    .from(conversations)
    .where(and(eq(conversations.id, id), eq(conversations.userId, userId), notExpired(now)));
  if (!conversation) return null;
  return { conversation, thread: await threadOf(db, id, 'writer') };
}

/** The actor's own conversation, locked; a typed refusal otherwise. */
async function ownForUpdate(tx: Tx, actor: Actor, id: number) {
  const [c] = await tx
    .select()
    .from(conversations)
    .where(and(eq(conversations.id, id), eq(conversations.userId, actor.userId)))
    .for('update');
  if (!c) throw new DomainError({ code: 'contact_not_found' });
  return c;
}

/** Writes back: the message joins the thread; if we had answered, we owe a new answer within 30 days. */
export async function replyAsCustomer(tx: Tx, actor: Actor, input: z.output<typeof customerReplySchema>, now: Date): Promise<{ id: number; status: ConversationStatus } | Refusal> {
  const c = await ownForUpdate(tx, actor, input.conversationId);
  if (c.status === 'unverified') throw new DomainError({ code: 'contact_unverified' });
  if (c.status === 'closed') throw new DomainError({ code: 'contact_closed' });
  if (!(await consumeRateLimit(tx, throttleKeys.contactReply(actor.userId), CUSTOMER_REPLY_LIMIT, now))) return refuse({ code: 'contact_rate_limited' });
  const by = { author: 'customer' as const, actor: { userId: actor.userId, role: actor.role } };
  await addEvent(tx, { conversationId: c.id, kind: 'message', ...by, body: input.message }, now);
  await reopenOnMessage(tx, c, by, now);
  return { id: c.id, status: 'open' };
}

/** Closes the customer's own conversation (nothing more is owed on it). */
export async function closeAsCustomer(tx: Tx, actor: Actor, input: z.output<typeof conversationRefSchema>, now: Date): Promise<{ id: number }> {
  const c = await ownForUpdate(tx, actor, input.conversationId);
  await closeConversation(tx, c, { author: 'customer', actor: { userId: actor.userId, role: actor.role } }, now);
  return { id: c.id };
}
