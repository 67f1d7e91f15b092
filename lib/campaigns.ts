import type { OptionalTopic } from './consent';

export type CampaignStatus = 'sending' | 'sent' | 'cancelled';

/** A campaign as the admin pages and the progress route show it (dates as ISO strings for the browser). */
export interface CampaignProgress {
  id: number;
  topic: OptionalTopic;
  subject: string;
  status: CampaignStatus;
  audience: number;
  sent: number;
  skipped: number;
  createdAt: string;
  finishedAt: string | null;
}

export const CAMPAIGN_STATUS_LABELS: Record<CampaignStatus, string> = { sending: 'Sending', sent: 'Finished', cancelled: 'Cancelled' };

/** How far along a campaign is, 0–100: the share of its starting audience handled; 100 once finished. */
export function campaignPercent(c: Pick<CampaignProgress, 'status' | 'audience' | 'sent' | 'skipped'>) {
  if (c.status !== 'sending') return 100;
  if (c.audience <= 0) return 0;
  return Math.min(99, Math.floor(((c.sent + c.skipped) * 100) / c.audience));
}
