import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import type { DbOrTx, Tx } from '@/db/client';
import { conversations } from '@/db/schema';
import type { ConversationStatus, ContactTopic, ThreadEntry } from '@/lib/contact';
import type { tokenRefSchema, tokenReplySchema } from '@/lib/validation/contact';
import { DomainError } from '../core/refusal';
import { consumeLinkToken, peekLinkToken } from '../verifications';
import { addEvent, closeConversation, reopenOnMessage, replyPurpose, threadOf } from './common';

/*
 * A visitor's side. Visitors have no account: the single-use link in each of
 * our answers is their only proof, and it opens only the conversation it was
 * made for (the conversation is part of the token's purpose). Opening the page
 * uses nothing; writing back or closing uses the link.
 */

export interface VisitorView {
  id: number;
  topic: ContactTopic;
  status: ConversationStatus;
  dueAt: Date | null;
  thread: ThreadEntry[];
}

/** The page behind the link: the conversation and its thread, or null for a bad, used or expired link. */
export async function visitorConversation(db: DbOrTx, conversationId: number, token: string, now: Date): Promise<VisitorView | null> {
  if (!(await peekLinkToken(db, replyPurpose(conversationId), token, now))) return null;
  const [c] = await db
    .select({ id: conversations.id, topic: conversations.topic, status: conversations.status, dueAt: conversations.dueAt })
    .from(conversations)
    .where(and(eq(conversations.id, conversationId), isNull(conversations.userId)));
  if (!c || c.status === 'unverified') return null;
  return { ...c, thread: await threadOf(db, c.id, 'writer') };
}

/** Uses the link and locks its conversation: refused (and nothing used) for a bad link or a customer's conversation. */
async function byLink(tx: Tx, input: z.output<typeof tokenRefSchema>, now: Date) {
  const link = await consumeLinkToken(tx, replyPurpose(input.conversationId), input.token, now);
  if (!link) throw new DomainError({ code: 'contact_link_invalid' });
  const [c] = await tx
    .select()
    .from(conversations)
    .where(and(eq(conversations.id, input.conversationId), isNull(conversations.userId)))
    .for('update');
  if (!c || c.status === 'unverified') throw new DomainError({ code: 'contact_link_invalid' });
  return c;
}

const VISITOR = { author: 'visitor' as const, actor: null };

/** Writes back by the link; if we had answered, we owe a new answer within 30 days. */
export async function replyByLink(tx: Tx, input: z.output<typeof tokenReplySchema>, now: Date): Promise<{ id: number }> {
  const c = await byLink(tx, input, now);
  if (c.status === 'closed') throw new DomainError({ code: 'contact_closed' });
  await addEvent(tx, { conversationId: c.id, kind: 'message', ...VISITOR, body: input.message }, now);
  await reopenOnMessage(tx, c, VISITOR, now);
  return { id: c.id };
}

export async function closeByLink(tx: Tx, input: z.output<typeof tokenRefSchema>, now: Date): Promise<{ id: number }> {
  const c = await byLink(tx, input, now);
  await closeConversation(tx, c, VISITOR, now);
  return { id: c.id };
}
