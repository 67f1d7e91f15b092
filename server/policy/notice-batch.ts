import 'server-only';
import { and, asc, eq, gt, lt, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { outbox, policyVersions, users } from '@/db/schema';
import { enqueue } from '../jobs/enqueue';
import { policyTemplates } from '../mail/policy-templates';
import { mail } from '../mail/transport';

export const POLICY_NOTICE_BATCH_SIZE = 500;
/** Marks each notice in the outbox, so a batch can tell who has been told about a version already. */
export const POLICY_NOTICE_HEADER = 'X-Policy-Version';
// Namespace of the advisory lock that serializes batches of one version's notices.
const LOCK_NAMESPACE = 6_007;

export interface PolicyNoticeJob {
  policyVersionId: number;
  after: string | null;
  size?: number;
}

export type PolicyNoticeResult = { ran: false; why: 'no_version' | 'already_done' } | { ran: true; sent: number; finished: boolean };

/**
 * Emails "our privacy policy changed" (service topic) to the next batch of
 * active accounts created before the version was published, in user-id order
 * after `after`, and sends the job for the batch after it, all in one
 * transaction. Each email carries the version id in a header: a duplicate or
 * retried job (its first recipient was told already) does nothing, and nobody
 * is told twice.
 */
export async function runPolicyNoticeBatch(db: Database, job: PolicyNoticeJob, _now: Date): Promise<PolicyNoticeResult> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_NAMESPACE}, ${job.policyVersionId})`);
    const [v] = await tx.select().from(policyVersions).where(eq(policyVersions.id, job.policyVersionId));
    if (!v) return { ran: false, why: 'no_version' } as const;
    const size = job.size ?? POLICY_NOTICE_BATCH_SIZE;
    // Qualified by hand: in a select list Drizzle writes a bare "id", which the subquery would read as the outbox's.
    const told = sql<boolean>`exists (select 1 from ${outbox} o where o.user_id = "users"."id" and o.headers ->> ${POLICY_NOTICE_HEADER} = ${String(v.id)})`;
    const batch = await tx
      .select({ id: users.id, email: users.email, told })
      .from(users)
      .where(and(eq(users.status, 'active'), lt(users.createdAt, v.publishedAt), job.after ? gt(users.id, job.after) : undefined))
      .orderBy(asc(users.id))
      .limit(size);
    if (batch[0]?.told) return { ran: false, why: 'already_done' } as const;
    const message = await policyTemplates.policyChanged(v.version, v.summary);
    let sent = 0;
    for (const u of batch) {
      if (u.told) continue;
      await mail.sendEmail({ to: u.email, userId: u.id, topic: 'service', headers: { [POLICY_NOTICE_HEADER]: String(v.id) }, ...message }, tx);
      sent++;
    }
    const finished = batch.length < size;
    if (!finished) await enqueue(tx, 'policy-notice-batch', { policyVersionId: v.id, after: batch.at(-1)!.id, ...(job.size ? { size: job.size } : {}) } satisfies PolicyNoticeJob);
    return { ran: true, sent, finished } as const;
  });
}
