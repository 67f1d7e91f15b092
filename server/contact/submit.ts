import 'server-only';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { DbOrTx, Tx } from '@/db/client';
import { conversations, users } from '@/db/schema';
import { CONTACT_UNVERIFIED_HOURS, type ContactTopic } from '@/lib/contact';
import { normalizeEmail } from '@/lib/validation/fields';
import type { contactSchema, tokenRefSchema } from '@/lib/validation/contact';
import { consumeRateLimit, type ThrottlePolicy } from '../auth/throttle';
import { DomainError, refuse, type Refusal } from '../core/refusal';
import type { Actor } from '../core/actor';
import { contactTemplates } from '../mail/contact-templates';
import { mail } from '../mail/transport';
import type { RequestContext } from '../request';
import { consumeLinkToken, createLinkToken, peekLinkToken } from '../verifications';
import { addEvent, confirmPurpose, markOpen } from './common';
import { ipKey, throttleKeys } from '../auth/throttle-keys';

/*
 * Writing to us through the contact form, and confirming the reply address.
 * A message reaches staff only once its address is proven: a signed-in
 * customer writing from their confirmed account address at once, anyone else
 * by the emailed link (as inaccuracy reports are confirmed by a code). Until
 * then it has no due date, so no staff view can show it, and it is deleted
 * after 24 hours.
 */

const MIN = 60_000;
/** Messages per client address and per reply address: plenty for a person, useless for a flood (docs/decisions/030). */
export const CONTACT_LIMIT: ThrottlePolicy = { free: 5, baseLockMs: 60 * MIN, maxLockMs: 24 * 60 * MIN, resetAfterMs: 60 * MIN };
const UNVERIFIED_MS = CONTACT_UNVERIFIED_HOURS * 60 * MIN;

export type SubmitResult =
  /** With the staff now; the customer follows it in their account. */
  | { status: 'sent'; id: number; dueAt: Date }
  /** Waiting for the emailed link. `id` only for a signed-in customer (it is in their account); a visitor learns nothing. */
  | { status: 'confirm'; sentTo: string; id?: number };

/**
 * Stores a message from the contact form. Counted per client IP and per reply
 * address first (a refusal keeps the count). A filled honeypot gets the answer
 * a visitor gets, and nothing is stored or sent. Whether the address belongs
 * to an account never changes the answer a visitor sees.
 */
export async function submitContact(tx: Tx, actor: Actor | null, input: z.output<typeof contactSchema>, request: Pick<RequestContext, 'ip'>, now: Date): Promise<SubmitResult | Refusal> {
  const address = normalizeEmail(input.email);
  let allowed = true;
  for (const key of [ipKey(throttleKeys.contactIp, request.ip), throttleKeys.contactAddress(address)]) {
    if (key) allowed = (await consumeRateLimit(tx, key, CONTACT_LIMIT, now)) && allowed;
  }
  if (!allowed) return refuse({ code: 'contact_rate_limited' });
  if (input.website?.trim()) return { status: 'confirm', sentTo: input.email };

  const [user] = actor
    ? await tx
        .select({ id: users.id, role: users.role, emailNormalized: users.emailNormalized, emailVerifiedAt: users.emailVerifiedAt })
        .from(users)
        .where(and(eq(users.id, actor.userId), eq(users.status, 'active')))
    : [];
  const [c] = await tx
    .insert(conversations)
    .values({ userId: user?.id ?? null, topic: input.topic, replyTo: input.email, replyToNormalized: address, status: 'unverified', createdAt: now, lastActivityAt: now })
    .returning();
  const by = user ? { author: 'customer' as const, actor: { userId: user.id, role: user.role } } : { author: 'visitor' as const, actor: null };
  await addEvent(tx, { conversationId: c!.id, kind: 'message', ...by, body: input.message }, now);

  if (user?.emailVerifiedAt && user.emailNormalized === address) {
    const dueAt = await markOpen(tx, c!, by, now);
    return { status: 'sent', id: c!.id, dueAt };
  }
  const token = await createLinkToken(tx, { purpose: confirmPurpose(c!.id), target: address, userId: user?.id ?? null, minutes: CONTACT_UNVERIFIED_HOURS * 60 }, now);
  await mail.sendEmail({ to: input.email, userId: user?.id ?? null, ...(await contactTemplates.confirm(c!.id, input.topic, token)) }, tx);
  return user ? { status: 'confirm', sentTo: input.email, id: c!.id } : { status: 'confirm', sentTo: input.email };
}

/** What the confirmation page shows before its button is pressed (opening a link changes nothing); null for a bad link. */
export async function peekConfirmation(db: DbOrTx, conversationId: number, token: string, now: Date): Promise<{ id: number; topic: ContactTopic; forCustomer: boolean } | null> {
  if (!(await peekLinkToken(db, confirmPurpose(conversationId), token, now))) return null;
  const [c] = await db
    .select({ id: conversations.id, topic: conversations.topic, userId: conversations.userId })
    .from(conversations)
    .where(and(eq(conversations.id, conversationId), eq(conversations.status, 'unverified')));
  return c ? { id: c.id, topic: c.topic, forCustomer: !!c.userId } : null;
}

/** The emailed link's button: uses the token once and passes the message to staff. Any bad link changes nothing. */
export async function confirmContact(tx: Tx, input: z.output<typeof tokenRefSchema>, now: Date): Promise<{ id: number; dueAt: Date; forCustomer: boolean }> {
  const link = await consumeLinkToken(tx, confirmPurpose(input.conversationId), input.token, now);
  if (!link) throw new DomainError({ code: 'contact_link_invalid' });
  const [c] = await tx.select().from(conversations).where(eq(conversations.id, input.conversationId)).for('update');
  if (!c || c.status !== 'unverified') throw new DomainError({ code: 'contact_link_invalid' });
  const dueAt = await markOpen(tx, c, { author: c.userId ? 'customer' : 'visitor', actor: null }, now);
  return { id: c.id, dueAt, forCustomer: !!c.userId };
}

/** Deletes messages whose address nobody confirmed within 24 hours: staff never saw them (a retention sweep). */
export async function purgeUnconfirmedConversations(db: DbOrTx, now: Date): Promise<number> {
  const gone = await db
    .delete(conversations)
    .where(and(sql.raw(`"conversations"."status" = 'unverified'`), lt(conversations.createdAt, new Date(now.getTime() - UNVERIFIED_MS))))
    .returning({ id: conversations.id });
  return gone.length;
}
