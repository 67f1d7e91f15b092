import 'server-only';
import { desc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { getDb, type DbOrTx, type Tx } from '@/db/client';
import { campaigns } from '@/db/schema';
import type { CampaignProgress } from '@/lib/campaigns';
import { OPTIONAL_TOPICS, TOPICS, type OptionalTopic } from '@/lib/consent';
import { campaignIdSchema, type campaignSchema } from '@/lib/validation/campaigns';
import { adminFrom, staffPowerNeedsReauth } from '../core/staff';
import { refuse, type Refusal } from '../core/refusal';
import { clock } from '../clock';
import { enqueue } from '../jobs/enqueue';
import { log } from '../log';
import { audit } from '../core/audit';
import type { Actor } from '../core/actor';
import { audienceCount, consentingCount } from './audience';
import type { CampaignBatchJob } from './batch';

/*
 * Promotional campaigns, admins only: every function checks the actor against
 * the database itself. Sending creates the campaign row and its first batch
 * job (server/campaigns/batch.ts sends the rest) in one transaction.
 */

type Row = typeof campaigns.$inferSelect;
const view = (c: Row): CampaignProgress & { body: string } => ({
  id: c.id,
  topic: c.topic as OptionalTopic,
  subject: c.subject,
  body: c.body,
  status: c.status,
  audience: c.audience,
  sent: c.sentCount,
  skipped: c.skippedCount,
  createdAt: c.createdAt.toISOString(),
  finishedAt: c.finishedAt?.toISOString() ?? null,
});

export async function startCampaign(tx: Tx, actor: Actor | null, input: z.output<typeof campaignSchema>, now = clock.now(), opts: { batchSize?: number } = {}): Promise<{ id: number; audience: number } | Refusal> {
  if (!actor) return refuse({ code: 'session_ended' });
  const admin = await adminFrom(tx, actor);
  if (!admin) return refuse({ code: 'admin_only' });
  const stale = staffPowerNeedsReauth(actor, now);
  if (stale) return stale;
  const { topic, subject, body } = input;
  const audience = await audienceCount(tx, topic);
  if (audience === 0) return refuse({ code: 'campaign_no_audience', field: 'topic', params: { topic: TOPICS[topic].label.toLowerCase() } });
  const [c] = await tx.insert(campaigns).values({ topic, subject, body, createdBy: admin.userId, audience, createdAt: now }).returning({ id: campaigns.id });
  await audit(tx, { actor: admin, action: 'campaign.sent', subjectUserId: null, reason: `Campaign #${c!.id} (${TOPICS[topic].label}, ${audience} customers): ${subject}` }, now);
  await enqueue(tx, 'campaign-batch', { campaignId: c!.id, after: null, ...(opts.batchSize ? { size: opts.batchSize } : {}) } satisfies CampaignBatchJob);
  log.info({ event: 'campaign_started', campaignId: c!.id, topic, audience });
  return { id: c!.id, audience };
}

/** Past and running campaigns, newest first (admins only; null otherwise). */
export async function listCampaigns(actor: Actor | null, limit = 50): Promise<CampaignProgress[] | null> {
  if (!(await adminFrom(getDb(), actor))) return null;
  const rows = await getDb().select().from(campaigns).orderBy(desc(campaigns.id)).limit(limit);
  return rows.map(view);
}

/** One campaign with its progress (admins only; null when not allowed or not found, so both answer 404). */
export async function getCampaign(actor: Actor | null, rawId: unknown, db: DbOrTx = getDb()) {
  const id = campaignIdSchema.safeParse(rawId);
  if (!id.success || !(await adminFrom(db, actor))) return null;
  const [c] = await db.select().from(campaigns).where(eq(campaigns.id, id.data));
  return c ? view(c) : null;
}

/** For the compose page: how many active customers consent to each optional topic now. */
export async function consentingCounts(actor: Actor | null): Promise<Record<OptionalTopic, number> | null> {
  if (!(await adminFrom(getDb(), actor))) return null;
  const counts = await Promise.all(OPTIONAL_TOPICS.map((t) => consentingCount(getDb(), t)));
  return Object.fromEntries(OPTIONAL_TOPICS.map((t, i) => [t, counts[i]!])) as Record<OptionalTopic, number>;
}

/** Stops a campaign that is still sending: the next batch job finds it cancelled and sends nothing. Emails already sent stay sent. */
export async function cancelCampaign(tx: Tx, actor: Actor | null, id: number, now = clock.now()): Promise<{ id: number } | Refusal> {
  if (!actor) return refuse({ code: 'session_ended' });
  const admin = await adminFrom(tx, actor);
  if (!admin) return refuse({ code: 'admin_only' });
  const [c] = await tx.select().from(campaigns).where(eq(campaigns.id, id)).for('update');
  if (!c) return refuse({ code: 'campaign_not_found' });
  if (c.status !== 'sending') return refuse({ code: 'campaign_finished' });
  await tx.update(campaigns).set({ status: 'cancelled', finishedAt: now }).where(eq(campaigns.id, c.id));
  await audit(tx, { actor: admin, action: 'campaign.cancelled', subjectUserId: null, reason: `Campaign #${c.id} stopped after ${c.sentCount} emails` }, now);
  return { id: c.id };
}
