import { z } from 'zod';
import { newPasswordSchema, newPinSchema, passwordInputSchema } from './fields';

/** The Security page's password and PIN forms: the same schemas in the forms and the actions. */
export const passwordChangeSchema = z.object({
  currentPassword: passwordInputSchema,
  password: newPasswordSchema,
  /** "Sign out of other devices": ticked unless the customer unticks it, and missing means ticked. */
  signOutOthers: z.boolean().default(true),
});
export const pinChangeSchema = z.object({ currentPassword: passwordInputSchema, pin: newPinSchema });
export const pinRemoveSchema = z.object({ currentPassword: passwordInputSchema });
