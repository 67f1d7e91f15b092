import 'server-only';
import { and, desc, eq, lte, sql } from 'drizzle-orm';
import { consentEvents, consents, policyVersions } from '@/db/schema';
import type { DbOrTx } from '@/db/client';
import type { ConsentSource, ConsentState, OptionalTopic } from '@/lib/consent';
import { clock } from '../clock';
import type { Bindable } from '@/db/prepared';

/** The version string of the policy in force at `now`, or null before the first is published. */
export async function policyVersionAt(db: DbOrTx, now = clock.now()): Promise<string | null> {
  const [row] = await db.select({ version: policyVersions.version }).from(policyVersions).where(lte(policyVersions.publishedAt, now)).orderBy(desc(policyVersions.publishedAt), desc(policyVersions.id)).limit(1);
  return row?.version ?? null;
}

export interface ConsentChange {
  userId: string;
  topic: OptionalTopic;
  state: ConsentState;
  source: ConsentSource;
  ip?: string | null;
  userAgent?: string | null;
}

/**
 * Sets one topic's consent and writes the ledger row, in the caller's
 * transaction. The ledger holds one row per change: setting the state a topic
 * already has writes nothing and returns false (a repeated unsubscribe is
 * harmless). The row lock on `consents` serializes concurrent changes.
 */
export async function recordConsent(tx: DbOrTx, change: ConsentChange, now = clock.now()): Promise<boolean> {
  const [current] = await tx.select({ state: consents.state }).from(consents).where(and(eq(consents.userId, change.userId), eq(consents.topic, change.topic))).for('update');
  if ((current?.state ?? 'withdrawn') === change.state) return false;
  await tx
    .insert(consents)
    .values({ userId: change.userId, topic: change.topic, state: change.state, updatedAt: now })
    .onConflictDoUpdate({ target: [consents.userId, consents.topic], set: { state: change.state, updatedAt: now } });
  await tx.insert(consentEvents).values({
    userId: change.userId,
    topic: change.topic,
    state: change.state,
    source: change.source,
    ip: change.ip ?? null,
    userAgent: change.userAgent?.slice(0, 512) ?? null,
    policyVersion: await policyVersionAt(tx, now),
    createdAt: now,
  });
  return true;
}

/** Current state per optional topic for one customer (topics never set read as withdrawn). */
export async function consentStates(db: DbOrTx, userId: string): Promise<Record<OptionalTopic, ConsentState>> {
  return consentStatesFrom(await consentRowsQuery(db, userId));
}

export const consentRowsQuery = (db: DbOrTx, userId: Bindable<string>) => db.select({ topic: consents.topic, state: consents.state }).from(consents).where(eq(consents.userId, userId));

/** Every optional topic's state from `consentRowsQuery`'s rows (withdrawn when there is none). */
export function consentStatesFrom(rows: Awaited<ReturnType<typeof consentRowsQuery>>): Record<OptionalTopic, ConsentState> {
  const states = { product_updates: 'withdrawn', offers: 'withdrawn', newsletter: 'withdrawn' } as Record<OptionalTopic, ConsentState>;
  for (const r of rows) if (r.topic in states) states[r.topic as OptionalTopic] = r.state;
  return states;
}

/** For SQL callers that need "consents to topic now" in a WHERE clause (campaign audience, send-time guard). */
export const grantedSql = (userIdColumn: unknown, topic: OptionalTopic) =>
  sql`exists (select 1 from ${consents} c where c.user_id = ${userIdColumn} and c.topic = ${topic} and c.state = 'granted')`;
