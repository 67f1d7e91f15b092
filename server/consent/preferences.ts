import 'server-only';
import { desc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { getDb, type DbOrTx, type Tx } from '@/db/client';
import { consentEvents, users } from '@/db/schema';
import { OPTIONAL_TOPICS, type OptionalTopic } from '@/lib/consent';
import type { PreferencesView } from '@/lib/consent-view';
import type { setTopicSchema } from '@/lib/validation/consent';
import { consumeRateLimit } from '../auth/throttle';
import { clock } from '../clock';
import type { RequestContext } from '../request';
import { refuse, type Refusal } from '../core/refusal';
import { askToConfirm, pendingTopics, sendConfirmation } from './double-opt-in';
import { consentRowsQuery, consentStates, consentStatesFrom, recordConsent } from './ledger';
import { liftUnsubscribedAll, suppress } from './suppression';
import { throttleKeys } from '../auth/throttle-keys';
import type { Bindable } from '@/db/prepared';

/*
 * The preference center (source `settings`). Every function takes the actor
 * from the checked session (null when nobody is signed in) and only ever acts
 * on that user. Switching a topic on grants it at once when the account's
 * address is verified (the signed-in owner of a proven address is asking:
 * that is what the double opt-in would prove); with an unverified address it
 * becomes pending and the confirmation link is emailed (docs/decisions/014).
 */

export type ConsentActor = { userId: string } | null;
type Context = Pick<RequestContext, 'ip' | 'userAgent'>;

const HISTORY_LIMIT = 200;
const RESEND_LIMIT = { free: 5, baseLockMs: 60 * 60_000, maxLockMs: 24 * 60 * 60_000, resetAfterMs: 60 * 60_000 };

async function accountOf(db: DbOrTx, userId: string) {
  const [user] = await preferencesQueries(db, userId).user;
  return user?.status === 'active' ? user : null;
}

export async function preferencesView(userId: string, db: DbOrTx = getDb()): Promise<PreferencesView | null> {
  const user = await accountOf(db, userId);
  if (!user) return null;
  const q = preferencesQueries(db, userId);
  const [states, rows] = await Promise.all([q.consents, q.history]);
  return preferencesViewFrom({ user: [user], consents: states, history: rows });
}

/** The reads behind `preferencesView`, to run inside one statement (db/read-together.ts) for the page. */
export const preferencesQueries = (db: DbOrTx, userId: Bindable<string>) => ({
  user: db.select({ email: users.email, emailVerifiedAt: users.emailVerifiedAt, status: users.status }).from(users).where(eq(users.id, userId)),
  consents: consentRowsQuery(db, userId),
  history: db
    .select({ id: consentEvents.id, at: consentEvents.createdAt, topic: consentEvents.topic, state: consentEvents.state, source: consentEvents.source, policyVersion: consentEvents.policyVersion, ip: consentEvents.ip })
    .from(consentEvents)
    .where(eq(consentEvents.userId, userId))
    .orderBy(desc(consentEvents.createdAt), desc(consentEvents.id))
    .limit(HISTORY_LIMIT),
});

type PreferencesRows = { [K in keyof ReturnType<typeof preferencesQueries>]: Awaited<ReturnType<typeof preferencesQueries>[K]> };

/** The page's view from those rows; null unless the account is active. */
export function preferencesViewFrom({ user: [user], consents, history: rows }: PreferencesRows): PreferencesView | null {
  if (user?.status !== 'active') return null;
  const states = consentStatesFrom(consents);
  return {
    states,
    email: user.email,
    emailVerified: Boolean(user.emailVerifiedAt),
    // A change made by staff carries the staff member's address, not the customer's: kept in the ledger and the export, not shown on the page.
    history: rows.map((r) => ({ ...r, at: r.at.toISOString(), topic: r.topic as OptionalTopic, ip: r.source === 'admin' ? null : r.ip })),
    historyLimit: HISTORY_LIMIT,
  };
}

const SESSION_ENDED = { code: 'consent_session_ended' } as const;

/** Runs a change for the signed-in actor and answers with the page's new state. */
async function change(tx: Tx, actor: ConsentActor, body: (tx: Tx, user: NonNullable<Awaited<ReturnType<typeof accountOf>>>, userId: string) => Promise<void>): Promise<PreferencesView | Refusal> {
  if (!actor) return refuse(SESSION_ENDED);
  const user = await accountOf(tx, actor.userId);
  if (!user) return refuse(SESSION_ENDED);
  await body(tx, user, actor.userId);
  return (await preferencesView(actor.userId, tx)) ?? refuse(SESSION_ENDED);
}

/** One switch: on grants (verified address) or asks to confirm (unverified); off withdraws. */
export async function setTopic(tx: Tx, actor: ConsentActor, input: z.output<typeof setTopicSchema>, ctx: Context, now = clock.now()): Promise<PreferencesView | Refusal> {
  const { topic, subscribed } = input;
  return change(tx, actor, async (tx, user, userId) => {
    const base = { userId, topic, source: 'settings' as const, ip: ctx.ip, userAgent: ctx.userAgent };
    if (!subscribed) {
      await recordConsent(tx, { ...base, state: 'withdrawn' }, now);
    } else if (user.emailVerifiedAt) {
      if (await recordConsent(tx, { ...base, state: 'granted' }, now)) await liftUnsubscribedAll(tx, user.email);
    } else if ((await consentStates(tx, userId))[topic] === 'withdrawn') {
      await askToConfirm(tx, { userId, email: user.email }, [topic], 'settings', ctx, now);
    }
  });
}

/** "Unsubscribe from all promotional email": every optional topic withdrawn, and the address suppressed until they subscribe again. */
export async function unsubscribeAll(tx: Tx, actor: ConsentActor, ctx: Context, now = clock.now()): Promise<PreferencesView | Refusal> {
  return change(tx, actor, async (tx, user, userId) => {
    for (const topic of OPTIONAL_TOPICS) await recordConsent(tx, { userId, topic, state: 'withdrawn', source: 'settings', ip: ctx.ip, userAgent: ctx.userAgent }, now);
    await suppress(tx, user.email, 'unsubscribed_all');
  });
}

/** Emails the confirmation link again for every pending topic (at most 5 an hour, so nobody can flood an inbox). */
export async function resendConfirmation(tx: Tx, actor: ConsentActor, now = clock.now()): Promise<{ sentTo: string } | Refusal> {
  if (!actor) return refuse(SESSION_ENDED);
  const user = await accountOf(tx, actor.userId);
  if (!user) return refuse(SESSION_ENDED);
  const topics = await pendingTopics(tx, actor.userId);
  if (!topics.length) return refuse({ code: 'consent_nothing_pending' });
  if (!(await consumeRateLimit(tx, throttleKeys.consentConfirm(actor.userId), RESEND_LIMIT, now))) return refuse({ code: 'consent_links_rate_limited' });
  await sendConfirmation(tx, { userId: actor.userId, email: user.email }, topics, now);
  return { sentTo: user.email };
}
