import 'server-only';
import { and, eq } from 'drizzle-orm';
import { getDb, type DbOrTx, type Tx } from '@/db/client';
import { consents, users } from '@/db/schema';
import { OPTIONAL_TOPICS, type ConsentSource, type OptionalTopic } from '@/lib/consent';
import { normalizeEmail } from '@/lib/validation/fields';
import { clock } from '../clock';
import { consentTemplates } from '../mail/consent-templates';
import { mail } from '../mail/transport';
import type { RequestContext } from '../request';
import { consumeLinkToken, createLinkToken, peekLinkToken } from '../verifications';
import { recordConsent } from './ledger';
import { liftUnsubscribedAll } from './suppression';

/*
 * Double opt-in: a topic asked for without a proven address (sign-up, or an
 * unverified address in the settings) is `pending` and receives nothing until
 * the emailed link is confirmed. One link confirms every topic pending at the
 * time it is used; a topic switched off meanwhile stays off.
 */

export const CONFIRM_PURPOSE = 'consent_confirm';
export const CONFIRM_DAYS = 7;

type Who = { userId: string; email: string };
type Context = Pick<RequestContext, 'ip' | 'userAgent'>;

/** Emails the confirmation link for the given topics, in the caller's transaction. */
export async function sendConfirmation(tx: DbOrTx, who: Who, topics: OptionalTopic[], now = clock.now()) {
  const token = await createLinkToken(tx, { purpose: CONFIRM_PURPOSE, target: normalizeEmail(who.email), userId: who.userId, minutes: CONFIRM_DAYS * 24 * 60 }, now);
  await mail.sendEmail({ to: who.email, userId: who.userId, ...(await consentTemplates.confirmSubscription(token, topics, CONFIRM_DAYS)) }, tx);
}

/** Marks the topics pending (one ledger row each) and emails one link to confirm them all. */
export async function askToConfirm(tx: DbOrTx, who: Who, topics: OptionalTopic[], source: ConsentSource, ctx: Context, now = clock.now()) {
  if (!topics.length) return;
  for (const topic of topics) await recordConsent(tx, { userId: who.userId, topic, state: 'pending', source, ip: ctx.ip, userAgent: ctx.userAgent }, now);
  await sendConfirmation(tx, who, topics, now);
}

export async function pendingTopics(db: DbOrTx, userId: string): Promise<OptionalTopic[]> {
  const rows = await db.select({ topic: consents.topic }).from(consents).where(and(eq(consents.userId, userId), eq(consents.state, 'pending')));
  const pending = new Set(rows.map((r) => r.topic));
  return OPTIONAL_TOPICS.filter((t) => pending.has(t));
}

/** The link is for the account's current address (a link sent before an address change proves nothing about the new one). */
async function linkOwner(db: DbOrTx, row: { userId: string | null; target: string } | null) {
  if (!row?.userId) return null;
  const [user] = await db.select({ id: users.id, email: users.email }).from(users).where(and(eq(users.id, row.userId), eq(users.emailNormalized, row.target), eq(users.status, 'active')));
  return user ?? null;
}

/** What the link would confirm, without using it: for the page behind the link (a GET changes nothing). */
export async function peekConfirmation(token: string, now = clock.now()): Promise<{ topics: OptionalTopic[] } | null> {
  if (token.length > 200) return null;
  const db = getDb();
  const user = await linkOwner(db, await peekLinkToken(db, CONFIRM_PURPOSE, token, now));
  return user ? { topics: await pendingTopics(db, user.id) } : null;
}

/** Uses the link: every pending topic becomes granted (source `double_opt_in`). Single use. */
export async function confirmSubscription(tx: Tx, token: string, ctx: Context, now = clock.now()): Promise<{ ok: true; topics: OptionalTopic[] } | { ok: false }> {
  if (token.length > 200) return { ok: false };
  // A used or unknown link answers { ok: false } (returned, so a consumed link stays consumed, as before).
  const user = await linkOwner(tx, await consumeLinkToken(tx, CONFIRM_PURPOSE, token, now));
  if (!user) return { ok: false };
  const topics = await pendingTopics(tx, user.id);
  for (const topic of topics) await recordConsent(tx, { userId: user.id, topic, state: 'granted', source: 'double_opt_in', ip: ctx.ip, userAgent: ctx.userAgent }, now);
  if (topics.length) await liftUnsubscribedAll(tx, user.email);
  return { ok: true, topics };
}
