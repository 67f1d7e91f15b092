import { z } from 'zod';
import { OPTIONAL_TOPICS } from '../consent';
import { longText } from './reports';

export const CAMPAIGN_SUBJECT_MAX = 150;
export const CAMPAIGN_BODY_MAX = 5000;

/** Composing a campaign: the same schema checks the form in the browser and the action on the server. */
export const campaignSchema = z.object({
  topic: z.enum(OPTIONAL_TOPICS, { error: 'Choose the topic customers subscribed to' }),
  subject: longText('a subject', CAMPAIGN_SUBJECT_MAX)
    .refine((v) => !/[\n\r\u2028\u2029\t]/.test(v), 'Keep the subject on one line')
    .pipe(z.string().min(1, 'Enter a subject')),
  body: longText('the message', CAMPAIGN_BODY_MAX).pipe(z.string().min(1, 'Write the message')),
});
export type CampaignInput = z.input<typeof campaignSchema>;

/** The message as email paragraphs: blank lines separate them, single line breaks join. */
export const paragraphsOf = (body: string) =>
  body
    .split(/\n\s*\n/)
    .map((p) => p.trim().replace(/\s*\n\s*/g, ' '))
    .filter(Boolean);

export const campaignIdSchema = z.coerce.number({ error: 'That campaign was not found.' }).int().positive().max(2_147_483_647);
export const campaignRefSchema = z.object({ id: campaignIdSchema });
