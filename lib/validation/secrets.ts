import { z } from 'zod';
import { messageFor } from '../messages';
import { newPasswordSchema, newPinSchema, passwordInputSchema, text } from './fields';

/** The Security page's password and PIN forms: the same schemas in the forms and the actions. */
export const passwordChangeSchema = z.object({
  currentPassword: passwordInputSchema,
  password: newPasswordSchema,
  /** "Sign out of other devices": ticked unless the customer unticks it, and missing means ticked. */
  signOutOthers: z.boolean().default(true),
});
export const pinChangeSchema = z.object({ currentPassword: passwordInputSchema, pin: newPinSchema });
export const pinRemoveSchema = z.object({ currentPassword: passwordInputSchema });

/** One of the customer's sessions on the Security page, by its id. */
export const sessionRefSchema = z.object({ id: z.string({ error: messageFor({ code: 'session_not_found' }) }).regex(/^[0-9a-f-]{36}$/i, messageFor({ code: 'session_not_found' })) });

/** Confirming it is you (components/account/reauth-form.tsx): the password or PIN, checked by the server. */
export const reauthSecretSchema = z.object({ secret: text('your password or PIN').min(1, 'Enter it to continue') });
