import { z } from 'zod';
import { OPTIONAL_TOPICS, TOPICS } from '@/lib/consent';

/** Shown when anything asks to switch a mandatory topic (service, security) off or on. */
export const MANDATORY_REFUSED = 'Service messages and security alerts cannot be switched off while you have the service.';

/** The optional topics ticked at sign-up (unticked by default; each becomes pending until the emailed link confirms it). */
export const signUpTopicsSchema = z.array(z.enum(OPTIONAL_TOPICS, { error: 'Choose from the topics listed' })).max(OPTIONAL_TOPICS.length).default([]);

/** One switch of the preference center. */
export const setTopicSchema = z.object({
  topic: z.string({ error: 'Choose from the topics listed' }).refine((t) => !(t in TOPICS && TOPICS[t as keyof typeof TOPICS].mandatory), MANDATORY_REFUSED).pipe(z.enum(OPTIONAL_TOPICS, { error: 'Choose from the topics listed' })),
  subscribed: z.boolean({ error: 'Say whether to subscribe' }),
});
export type SetTopicInput = z.input<typeof setTopicSchema>;
