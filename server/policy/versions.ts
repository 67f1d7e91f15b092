import 'server-only';
import { and, desc, eq, lte } from 'drizzle-orm';
import { getDb, type DbOrTx } from '@/db/client';
import { policyAcknowledgements, policyVersions } from '@/db/schema';
import { fail, ok, type ActionResult } from '@/lib/result';
import { fieldErrorsOf } from '@/lib/validation/auth';
import { policySchema, policyVersionIdSchema } from '@/lib/validation/policy';
import { ADMINS_ONLY, adminFrom, staffPowerNeedsReauth } from '../core/staff';
import { clock } from '../clock';
import { isUniqueViolation } from '../core/sql';
import { enqueue } from '../jobs/enqueue';
import { log } from '../log';
import type { RequestContext } from '../request';
import { audit } from '../core/audit';
import type { Actor } from '../core/actor';
import { SIGN_IN_AGAIN } from '../reports/common';
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

const DUPLICATE = 'A version with this label exists already. Choose another label.';

export async function publishPolicy(actor: Actor | null, raw: unknown, now = clock.now(), opts: { batchSize?: number } = {}): Promise<ActionResult<{ id: number; version: string }>> {
  if (!actor) return fail(SIGN_IN_AGAIN);
  if (!(await adminFrom(getDb(), actor))) return fail(ADMINS_ONLY);
  const parsed = policySchema.safeParse(raw);
  if (!parsed.success) return fail(undefined, fieldErrorsOf(parsed.error));
  const stale = staffPowerNeedsReauth(actor, now);
  if (stale) return stale;
  const { version, summary, body } = parsed.data;
  try {
    return await getDb().transaction(async (tx) => {
      const admin = await adminFrom(tx, actor);
      if (!admin) return fail(ADMINS_ONLY);
      const [row] = await tx.insert(policyVersions).values({ version, summary, body, publishedAt: now, publishedBy: admin.userId }).onConflictDoNothing().returning({ id: policyVersions.id });
      if (!row) return fail(undefined, { version: [DUPLICATE] });
      await audit(tx, { actor: admin, action: 'policy.published', subjectUserId: null, reason: `Privacy policy version ${version}: ${summary}`.slice(0, 1000) }, now);
      await enqueue(tx, 'policy-notice-batch', { policyVersionId: row.id, after: null, ...(opts.batchSize ? { size: opts.batchSize } : {}) } satisfies PolicyNoticeJob);
      log.info({ event: 'policy_published', policyVersionId: row.id, version });
      return ok({ id: row.id, version });
    });
  } catch (e) {
    // Two admins publishing the same label at once: the unique index answers for the loser.
    if (isUniqueViolation(e)) return fail(undefined, { version: [DUPLICATE] });
    throw e;
  }
}

export type { PolicyNotice } from './notice';
export { pendingPolicyNotice } from './notice';

/** Records that the signed-in customer has seen a published version (with IP and user agent); doing it again changes nothing. */
export async function acknowledgePolicy(actor: Actor | null, rawId: unknown, ctx: Pick<RequestContext, 'ip' | 'userAgent'>, now = clock.now()): Promise<ActionResult<{ id: number }>> {
  if (!actor) return fail(SIGN_IN_AGAIN);
  const id = policyVersionIdSchema.safeParse(rawId);
  if (!id.success) return fail('That policy version was not found.');
  const db = getDb();
  const [version] = await db
    .select({ id: policyVersions.id })
    .from(policyVersions)
    .where(and(eq(policyVersions.id, id.data), lte(policyVersions.publishedAt, now)));
  if (!version) return fail('That policy version was not found.');
  await db
    .insert(policyAcknowledgements)
    .values({ userId: actor.userId, policyVersionId: version.id, acknowledgedAt: now, ip: ctx.ip, userAgent: ctx.userAgent?.slice(0, 512) ?? null })
    .onConflictDoNothing();
  return ok({ id: version.id });
}
