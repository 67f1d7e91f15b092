import 'server-only';
import { and, desc, eq, lte, type SQL } from 'drizzle-orm';
import { getDb, type DbOrTx } from '@/db/client';
import { decodeRows, jsonRows } from '@/db/read-together';
import { policyAcknowledgements, policyVersions, users } from '@/db/schema';
import { clock } from '../clock';
import type { Bindable } from '@/db/prepared';

export type PolicyNotice = { id: number; version: string; summary: string; publishedAt: Date };

/**
 * The version in force with what decides whether `user` must be told about it:
 * when their account was created and whether they acknowledged it. `user` is
 * an id, or a column of an enclosing query (the session load embeds this).
 */
export function noticeQuery(user: Bindable<string> | SQL, now: Bindable<Date>, db: DbOrTx = getDb()) {
  return db
    .select({ id: policyVersions.id, version: policyVersions.version, summary: policyVersions.summary, publishedAt: policyVersions.publishedAt, since: users.createdAt, acked: policyAcknowledgements.acknowledgedAt })
    .from(policyVersions)
    .innerJoin(users, eq(users.id, user))
    .leftJoin(policyAcknowledgements, and(eq(policyAcknowledgements.policyVersionId, policyVersions.id), eq(policyAcknowledgements.userId, user)))
    .where(lte(policyVersions.publishedAt, now))
    .orderBy(desc(policyVersions.publishedAt), desc(policyVersions.id))
    .limit(1);
}

type NoticeRow = Awaited<ReturnType<typeof noticeQuery>>[number];

/** The notice to show, from the row `noticeQuery` found (if any). */
export function noticeFrom(current: NoticeRow | undefined): PolicyNotice | null {
  if (!current || current.acked || current.publishedAt <= current.since) return null;
  return { id: current.id, version: current.version, summary: current.summary, publishedAt: current.publishedAt };
}

/** `noticeQuery` as one json column of an enclosing select, and its decoder. */
export const noticeColumn = (user: SQL, now: Bindable<Date>, db: DbOrTx = getDb()) => {
  const q = noticeQuery(user, now, db);
  return { sql: jsonRows(q), decode: (json: unknown) => noticeFrom(decodeRows(q, json)[0]) };
};

/**
 * The notice a signed-in customer should see: the version in force, if it was
 * published after their account was created and they have not acknowledged
 * it (someone who signed up under it has nothing to be told). One query; pages
 * get it inside the session load instead (server/auth/sessions.ts).
 */
export async function pendingPolicyNotice(userId: string, now = clock.now(), db: DbOrTx = getDb()): Promise<PolicyNotice | null> {
  const [current] = await noticeQuery(userId, now, db);
  return noticeFrom(current);
}
