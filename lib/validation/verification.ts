import { z } from 'zod';
import { mobileSchema, newPasswordSchema, text } from './fields';
import { codeSchema } from './reports';

/** The one-time code typed from an SMS or an email: 8 characters, any case and padding. */
export { codeSchema };

/** The page behind an emailed link asks for a new one with the link's own token. */
/**
 * The hidden token of a plain form behind an emailed link (unsubscribe, confirm, cancel deletion). Never refused here:
 * a missing or odd token is one that matches nothing, and the page says the link is not valid.
 */
export const linkFormSchema = z.object({ token: z.string().catch('') });
export const linkTokenSchema = z.object({ token: text('the link').min(1, 'This link is not complete').max(200, 'This link is not complete') });

/** Recovery by a code texted to the confirmed mobile: first the number, then the code with the new password. */
export const recoveryRequestSchema = (region: string) => z.object({ mobile: mobileSchema(region) });
export const recoverWithCodeSchema = (region: string) => z.object({ mobile: mobileSchema(region), code: codeSchema.shape.code, password: newPasswordSchema });
export type RecoverWithCodeInput = z.input<ReturnType<typeof recoverWithCodeSchema>>;
