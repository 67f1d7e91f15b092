import 'server-only';
import { and, eq } from 'drizzle-orm';
import { consents, users } from '@/db/schema';
import type { DbOrTx } from '@/db/client';
import { TOPICS, type OptionalTopic } from '@/lib/consent';
import { isSuppressed } from '../consent/suppression';
import { unsubscribeToken } from '../consent/tokens';
import { link, renderEmail, type Rendered } from './layout';
import { mail } from './transport';

export type GuardRefusal = 'no_account' | 'not_active' | 'no_consent' | 'suppressed';

/**
 * The send-time guard: promotional mail goes only to an active account that
 * consents to the topic now and whose address is not on the suppression
 * list. Checked at the moment of sending, whatever was true when a campaign
 * was composed.
 */
export async function promotionalRecipient(db: DbOrTx, userId: string, topic: OptionalTopic): Promise<{ ok: true; email: string } | { ok: false; reason: GuardRefusal }> {
  // The account and its consent to this topic in one round trip: a campaign runs this once per recipient.
  const [user] = await db
    .select({ email: users.email, status: users.status, consent: consents.state })
    .from(users)
    .leftJoin(consents, and(eq(consents.userId, users.id), eq(consents.topic, topic)))
    .where(eq(users.id, userId));
  if (!user) return { ok: false, reason: 'no_account' };
  if (user.status !== 'active') return { ok: false, reason: 'not_active' };
  if (user.consent !== 'granted') return { ok: false, reason: 'no_consent' };
  if (await isSuppressed(db, user.email)) return { ok: false, reason: 'suppressed' };
  return { ok: true, email: user.email };
}

/** The RFC 8058 headers and the visible links every promotional email carries. */
export function unsubscribeLinks(userId: string, topic: OptionalTopic) {
  const token = unsubscribeToken(userId, topic);
  return {
    pageUrl: link(`/unsubscribe?token=${encodeURIComponent(token)}`),
    headers: {
      'List-Unsubscribe': `<${link(`/api/unsubscribe?token=${encodeURIComponent(token)}`)}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}

export interface PromotionalEmail {
  userId: string;
  topic: OptionalTopic;
  subject: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  campaignId?: number;
}

/**
 * Sends one promotional email if the guard allows it, with the unsubscribe
 * headers and footer. Returns why not otherwise (nothing is written then).
 */
export async function sendPromotional(tx: DbOrTx, message: PromotionalEmail): Promise<{ sent: true } | { sent: false; reason: GuardRefusal }> {
  const recipient = await promotionalRecipient(tx, message.userId, message.topic);
  if (!recipient.ok) return { sent: false, reason: recipient.reason };
  const links = unsubscribeLinks(message.userId, message.topic);
  const layout = await renderedLayout(message);
  // The only per-recipient part is the unsubscribe link; the token is URL-safe, so it needs no HTML escaping.
  const personal = (part: string) => part.replaceAll(UNSUBSCRIBE_PLACEHOLDER, links.pageUrl);
  await mail.sendEmail(
    { to: recipient.email, userId: message.userId, topic: message.topic, campaignId: message.campaignId, headers: links.headers, subject: layout.subject, text: personal(layout.text), html: personal(layout.html) },
    tx,
  );
  return { sent: true };
}

const UNSUBSCRIBE_PLACEHOLDER = 'https://unsubscribe.invalid/placeholder';

/**
 * A campaign sends the same email to thousands: React rendering (about 3 ms)
 * was most of the cost of each send, so the layout is rendered once per
 * content, with a placeholder for the unsubscribe link, and kept for the next
 * recipients (a few entries: campaigns run one batch at a time).
 */
const layouts = new Map<string, Promise<Rendered>>();
function renderedLayout(m: PromotionalEmail): Promise<Rendered> {
  const key = JSON.stringify([m.topic, m.subject, m.paragraphs, m.action ?? null]);
  let rendered = layouts.get(key);
  if (!rendered) {
    rendered = renderEmail(m.subject, m.paragraphs, m.action, {
      text: `You get this email because you subscribed to ${TOPICS[m.topic].label.toLowerCase()}.`,
      links: [
        { label: 'Unsubscribe', url: UNSUBSCRIBE_PLACEHOLDER },
        { label: 'Choose what we send you', url: link('/account/communications') },
      ],
    });
    rendered.catch(() => layouts.delete(key));
    if (layouts.size >= 16) layouts.delete(layouts.keys().next().value!);
    layouts.set(key, rendered);
  }
  return rendered;
}
