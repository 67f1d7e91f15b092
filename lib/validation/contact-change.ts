import { z } from 'zod';
import { emailSchema, mobileSchema, text } from './fields';

/** Email and mobile changes (the profile page's contact details): the same schemas in the forms and the actions. */
export type ContactKind = 'email' | 'mobile';

/** The new address or number, as the form asks for it. */
export const newContactSchema = (kind: ContactKind, region: string) => z.object({ value: kind === 'email' ? emailSchema : mobileSchema(region) });

/** What the "Send code" action receives. */
export const contactRequestSchema = (region: string) =>
  z.discriminatedUnion('kind', [z.object({ kind: z.literal('email'), value: emailSchema }), z.object({ kind: z.literal('mobile'), value: mobileSchema(region) })], {
    error: 'Unknown request.',
  });

/** The code form; for an email change it carries "Sign out of other devices" (ticked unless the customer unticks it). */
export const contactCodeSchema = z.object({
  code: text('the code').trim().min(1, 'Enter the code').max(32, 'Codes are 8 characters'),
  signOutOthers: z.boolean().optional(),
});

/** What the "Confirm change" action receives: a missing choice signs the other devices out. */
export const contactConfirmSchema = contactCodeSchema.extend({ kind: z.enum(['email', 'mobile'], { error: 'Unknown request.' }), signOutOthers: z.boolean().default(true) });
