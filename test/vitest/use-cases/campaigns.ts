/** server/campaigns/campaigns.ts as app/admin/campaigns/actions.ts runs it (see README.md). */
import { campaignRefSchema, campaignSchema } from '@/lib/validation/campaigns';
import * as campaigns from '@/server/campaigns/campaigns';
import type { Actor } from '@/server/core/actor';
import { withInput } from '../../kit/use-case';

export * from '@/server/campaigns/campaigns';
export const startCampaign = (actor: Actor | null, raw: unknown, now?: Date, opts?: { batchSize?: number }) =>
  withInput(campaignSchema, raw, (tx, input) => campaigns.startCampaign(tx, actor, input, now, opts));
export const cancelCampaign = (actor: Actor | null, rawId: unknown, now?: Date) => withInput(campaignRefSchema, { id: rawId }, (tx, input) => campaigns.cancelCampaign(tx, actor, input.id, now), 'id');
