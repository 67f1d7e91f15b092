'use server';
import type { ActionResult } from '@/lib/result';
import { cancelCampaign, startCampaign } from '@/server/campaigns/campaigns';
import { sessionActor } from '@/server/reports/session';

/** Campaigns: admins only (server/campaigns checks the role against the database and writes the audit entry). */
export async function startCampaignAction(raw: unknown): Promise<ActionResult<{ id: number; audience: number }>> {
  return startCampaign(await sessionActor(), raw);
}

export async function cancelCampaignAction(id: unknown): Promise<ActionResult<{ id: number }>> {
  return cancelCampaign(await sessionActor(), id);
}
