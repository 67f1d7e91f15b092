import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb, type Tx } from '@/db/client';
import { users } from '@/db/schema';
import { TOPICS, type ConsentState, type OptionalTopic } from '@/lib/consent';
import { clock } from '../clock';
import type { RequestContext } from '../request';
import { consentStates, recordConsent } from './ledger';
import { readUnsubscribeToken } from './tokens';

/*
 * Unsubscribing with the signed token of an email: the one-click POST of the
 * mail app (source `one_click`) and the button of the visible page (source
 * `email_link`). No session is involved: the token is the proof. It can only
 * withdraw its own topic for its own recipient, and doing it again changes
 * nothing (recordConsent writes no row when the state is already withdrawn).
 */

type Context = Pick<RequestContext, 'ip' | 'userAgent'>;
export type UnsubscribeResult = { ok: true; topic: OptionalTopic; changed: boolean } | { ok: false };

/** In the caller's transaction: the page's form action passes the pipeline's, the one-click route handler one of its own. */
export async function unsubscribeWithToken(tx: Tx, token: unknown, source: 'one_click' | 'email_link', ctx: Context, now = clock.now()): Promise<UnsubscribeResult> {
  const claim = readUnsubscribeToken(typeof token === 'string' ? token : null);
  if (!claim) return { ok: false };
  // A deleted account gets no mail at all: there is nothing left to withdraw.
  const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.id, claim.userId)).for('update');
  if (!user) return { ok: true, topic: claim.topic, changed: false };
  const changed = await recordConsent(tx, { userId: claim.userId, topic: claim.topic, state: 'withdrawn', source, ip: ctx.ip, userAgent: ctx.userAgent }, now);
  return { ok: true, topic: claim.topic, changed };
}

/** "j•••n@example.com": enough for the recipient to recognise the address, not enough to give it away to whoever holds the link. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '•••';
  const local = email.slice(0, at);
  const ends = local.length > 2 ? `${local[0]}•••${local[local.length - 1]}` : `${local[0]}•••`;
  return ends + email.slice(at);
}

export interface UnsubscribeTarget {
  topic: OptionalTopic;
  label: string;
  /** Null when the account no longer exists. */
  maskedEmail: string | null;
  state: ConsentState;
}

/** What the visible page will stop, read without changing anything. */
export async function describeUnsubscribe(token: unknown): Promise<UnsubscribeTarget | null> {
  const claim = readUnsubscribeToken(typeof token === 'string' ? token : null);
  if (!claim) return null;
  const db = getDb();
  const [user] = await db.select({ email: users.email }).from(users).where(eq(users.id, claim.userId));
  return {
    topic: claim.topic,
    label: TOPICS[claim.topic].label,
    maskedEmail: user ? maskEmail(user.email) : null,
    state: user ? (await consentStates(db, claim.userId))[claim.topic] : 'withdrawn',
  };
}
