'use server';
import { campaignRefSchema, campaignSchema } from '@/lib/validation/campaigns';
import { STEP_UP } from '@/server/auth/reauth';
import { cancelCampaign, startCampaign } from '@/server/campaigns/campaigns';
import { defineAction } from '@/server/core/action';

/** Sending: admins only, with a password re-authentication in the last 5 minutes (server/campaigns checks both again and writes the audit entry). */
export const startCampaignAction = defineAction({
  name: 'campaign.start',
  input: campaignSchema,
  auth: 'admin',
  fresh: STEP_UP.staffPower,
  run: async ({ input, actor, tx, now }) => startCampaign(tx, actor, input, now),
});

/** Stopping a campaign sends nothing, so it needs no re-authentication (server/campaigns checks the role against the database). */
export const cancelCampaignAction = defineAction({
  name: 'campaign.cancel',
  input: campaignRefSchema,
  // server/campaigns answers a non-admin itself ("Only administrators can do this.").
  auth: 'staff',
  ref: 'id',
  refresh: 'always',
  run: async ({ input, actor, tx, now }) => cancelCampaign(tx, actor, input.id, now),
});
