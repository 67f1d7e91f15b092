import { z } from 'zod';
import { MESSAGES, messageFor } from '../messages';
import { signUpTopicsSchema } from './consent';
import { emailSchema, length, mobileSchema, newPasswordSchema, newPinSchema, optional, passwordInputSchema, pinInputSchema, text, usernameSchema } from './fields';

/** Password must not contain the username or the email's local part (case-insensitive). */
export function passwordContextProblem(password: string, context: { username?: string; email?: string }): string | null {
  const p = password.normalize('NFKC').toLowerCase();
  const parts = [context.username, context.email?.split('@')[0]].filter((s): s is string => !!s && length(s) >= 3);
  return parts.some((s) => p.includes(s.normalize('NFKC').toLowerCase())) ? MESSAGES.password_context : null;
}

export const signUpSchema = (region: string) =>
  z
    .object({
      username: usernameSchema,
      email: emailSchema,
      password: newPasswordSchema,
      mobile: optional(mobileSchema(region)),
      pin: optional(newPinSchema),
      /** Optional mail topics, unticked by default; each is confirmed by an emailed link (double opt-in). */
      topics: signUpTopicsSchema,
    })
    .superRefine((v, ctx) => {
      const problem = passwordContextProblem(v.password, v);
      if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: problem });
      if (v.pin && !v.mobile) ctx.addIssue({ code: 'custom', path: ['mobile'], message: 'Add a mobile number to sign in with a PIN' });
    });
export type SignUpInput = z.input<ReturnType<typeof signUpSchema>>;

export const passwordSignInSchema = z.object({
  identifier: text('your username or email').trim().min(1, 'Enter your username or email').max(254, 'Use at most 254 characters'),
  password: passwordInputSchema,
});
export type PasswordSignInInput = z.input<typeof passwordSignInSchema>;

export const pinSignInSchema = (region: string) => z.object({ mobile: mobileSchema(region), pin: pinInputSchema });
export type PinSignInInput = z.input<ReturnType<typeof pinSignInSchema>>;

/** Re-entering a secret to open the re-authentication window: the password, or a customer's PIN. */
export const reauthSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('password'), secret: passwordInputSchema }),
  z.object({ method: z.literal('pin'), secret: pinInputSchema }),
]);
export type ReauthInput = z.input<typeof reauthSchema>;

/** Which secret a "forgot" form resets; anything else is not a request this app knows. */
export const resetKindSchema = z.enum(['password', 'pin'], { error: messageFor({ code: 'unknown_request' }) });
export const forgotSchema = z.object({
  identifier: text('your username, email or mobile number').trim().min(1, 'Enter your username, email or mobile number').max(254, 'Use at most 254 characters'),
});

export const resetPasswordSchema = z.object({ token: text('the link token').min(1).max(200), password: newPasswordSchema });
export const resetPinSchema = z.object({ token: text('the link token').min(1).max(200), pin: newPinSchema });

/** Turns zod issues into the action result's `fieldErrors`. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? '_form');
    (out[key] ??= []).push(issue.message);
  }
  return out;
}
