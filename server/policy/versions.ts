import 'server-only';
import { and, desc, eq, lte } from 'drizzle-orm';
import type { z } from 'zod';
import { getDb, type DbOrTx, type Tx } from '@/db/client';
import { policyAcknowledgements, policyVersions } from '@/db/schema';
import type { policySchema } from '@/lib/validation/policy';
import { adminFrom, staffPowerNeedsReauth } from '../core/staff';
import { DomainError, refuse, type Refusal } from '../core/refusal';
import { clock } from '../clock';
import { isUniqueViolation } from '../core/sql';
import { enqueue } from '../jobs/enqueue';
import { log } from '../log';
import type { RequestContext } from '../request';
import { audit } from '../core/audit';
import type { Actor } from '../core/actor';
import type { PolicyNoticeJob } from './notice-batch';

/*
 * Privacy policy versions: the newest published one is in force. Publishing
 * (admins) sends every active account a service email in batches; signed-in
 * customers who had their account before it was published see a notice until
 * they acknowledge it. There may be no version at all yet (a fresh database
 * before the seed): every reader handles that.
 */

export type PolicyVersion = { id: number; version: string; summary: string; body: string; publishedAt: Date };
const columns = { id: policyVersions.id, version: policyVersions.version, summary: policyVersions.summary, body: policyVersions.body, publishedAt: policyVersions.publishedAt };
const newestFirst = [desc(policyVersions.publishedAt), desc(policyVersions.id)];

/** Every published version, newest (the one in force) first. */
export async function publishedPolicies(db: DbOrTx = getDb(), now = clock.now()): Promise<PolicyVersion[]> {
  return db.select(columns).from(policyVersions).where(lte(policyVersions.publishedAt, now)).orderBy(...newestFirst);
}

/** For /admin/policy: every published version, or null for anyone but an admin (checked against the database). */
export async function policiesForAdmin(actor: Actor | null): Promise<PolicyVersion[] | null> {
  if (!(await adminFrom(getDb(), actor))) return null;
  return publishedPolicies();
}

/** Publishes a new version (admins, re-authenticated for staff powers): the audit entry and the notice batches in the same transaction. */
export async function publishPolicy(tx: Tx, actor: Actor | null, input: z.output<typeof policySchema>, now = clock.now(), opts: { batchSize?: number } = {}): Promise<{ id: number; version: string } | Refusal> {
  if (!actor) return refuse({ code: 'session_ended' });
  const admin = await adminFrom(tx, actor);
  if (!admin) return refuse({ code: 'admin_only' });
  const stale = staffPowerNeedsReauth(actor, now);
  if (stale) return stale;
  const { version, summary, body } = input;
  const taken = { code: 'policy_version_taken', field: 'version' } as const;
  let row: { id: number } | undefined;
  try {
    [row] = await tx.insert(policyVersions).values({ version, summary, body, publishedAt: now, publishedBy: admin.userId }).onConflictDoNothing().returning({ id: policyVersions.id });
  } catch (e) {
    // Two admins publishing the same label at once: the unique index answers for the loser.
    if (isUniqueViolation(e)) throw new DomainError(taken);
    throw e;
  }
  if (!row) return refuse(taken);
  await audit(tx, { actor: admin, action: 'policy.published', subjectUserId: null, reason: `Privacy policy version ${version}: ${summary}`.slice(0, 1000) }, now);
  await enqueue(tx, 'policy-notice-batch', { policyVersionId: row.id, after: null, ...(opts.batchSize ? { size: opts.batchSize } : {}) } satisfies PolicyNoticeJob);
  log.info({ event: 'policy_published', policyVersionId: row.id, version });
  return { id: row.id, version };
}

export type { PolicyNotice } from './notice';
export { pendingPolicyNotice } from './notice';

/** Records that the signed-in customer has seen a published version (with IP and user agent); doing it again changes nothing. */
export async function acknowledgePolicy(tx: Tx, actor: Actor | null, id: number, ctx: Pick<RequestContext, 'ip' | 'userAgent'>, now = clock.now()): Promise<{ id: number } | Refusal> {
  if (!actor) return refuse({ code: 'session_ended' });
  const [version] = await tx
    .select({ id: policyVersions.id })
    .from(policyVersions)
    .where(and(eq(policyVersions.id, id), lte(policyVersions.publishedAt, now)));
  if (!version) return refuse({ code: 'policy_version_not_found' });
  await tx
    .insert(policyAcknowledgements)
    .values({ userId: actor.userId, policyVersionId: version.id, acknowledgedAt: now, ip: ctx.ip, userAgent: ctx.userAgent?.slice(0, 512) ?? null })
    .onConflictDoNothing();
  return { id: version.id };
}
