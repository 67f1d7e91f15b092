import { z } from 'zod';
import { CONTACT_MESSAGE_MAX, CONTACT_TOPICS } from '../contact';
import { emailSchema, text } from './fields';
import { longText, reportSchema } from './reports';

/*
 * The contact inbox's forms: one schema each, used by the browser form and
 * parsed again by the server action. Message text is kept exactly as typed
 * (trimmed): markup and links are stored as text and shown as text.
 */

const messageText = (what: string) => longText(what, CONTACT_MESSAGE_MAX).pipe(z.string().min(1, `Enter ${what}`));

export const conversationIdSchema = z.coerce.number({ error: 'That message was not found.' }).int().positive().max(2_147_483_647);

/** The contact form. `website` is the honeypot: people never see it, so any value in it means a robot filled the form. */
export const contactSchema = z.object({
  topic: z.enum(CONTACT_TOPICS, { error: 'Choose what your message is about' }),
  message: messageText('your message'),
  email: emailSchema,
  website: z.string().max(500).optional(),
});
export type ContactInput = z.input<typeof contactSchema>;

/** A signed-in customer writing back in their conversation. */
export const customerReplySchema = z.object({ conversationId: conversationIdSchema, message: messageText('your message') });
export const conversationRefSchema = z.object({ conversationId: conversationIdSchema });

/** The proof behind an emailed link: the conversation it names and its token. */
const token = text('the link').trim().min(1, 'This link is not complete.').max(200, 'This link is not valid.');
export const tokenRefSchema = z.object({ conversationId: conversationIdSchema, token });
export const tokenReplySchema = tokenRefSchema.extend({ message: messageText('your message') });

/* Staff. */
export const staffReplySchema = z.object({ conversationId: conversationIdSchema, message: messageText('your answer') });
export const staffNoteSchema = z.object({ conversationId: conversationIdSchema, note: messageText('a note') });
export const helpSchema = z.object({ conversationId: conversationIdSchema, kind: z.enum(['export', 'deletion'], { error: 'Choose which help to send' }) });

/** Turning a customer's message into an inaccuracy report: the report form's own schema, plus the conversation. */
export const convertSchema = (region: string) => z.intersection(conversationRefSchema, reportSchema(region));
export type ConvertInput = z.input<ReturnType<typeof convertSchema>>;
