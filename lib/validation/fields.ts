import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import { EMAIL_MAX, PASSWORD_MAX, PASSWORD_MIN, PIN_MAX, PIN_MIN, USERNAME_MAX, USERNAME_MIN } from '../policy';

/** A string field whose type errors read as plain sentences (forms can post anything). */
export const text = (what: string) =>
  z.string({ error: (i) => (i.input === undefined || i.input === null ? `Enter ${what}` : `${what[0]?.toUpperCase()}${what.slice(1)} must be text`) });

/** Code points, not UTF-16 units: an emoji counts once. */
export const length = (s: string) => [...s].length;

export const normalizeUsername = (s: string) => s.normalize('NFKC').toLowerCase();
export const normalizeEmail = (s: string) => s.trim().toLowerCase();

/**
 * Ofcom's range for fiction, demos and tests (07700 900000–900999). libphonenumber
 * marks it invalid, but the demo accounts and examples use it, so it is accepted.
 */
const UK_DRAMA_MOBILE = /^\+447700900\d{3}$/;

export function normalizeMobile(input: string, region: string): string | null {
  const parsed = parsePhoneNumberFromString(input, region as CountryCode);
  return parsed && (parsed.isValid() || UK_DRAMA_MOBILE.test(parsed.number)) ? parsed.number : null;
}

export const usernameSchema = text('a username')
  .trim()
  .min(1, 'Enter a username')
  .max(USERNAME_MAX * 4, `Use at most ${USERNAME_MAX} characters`)
  .transform(normalizeUsername)
  .pipe(
    z
      .string()
      .refine((v) => length(v) >= USERNAME_MIN, `Use at least ${USERNAME_MIN} characters`)
      .refine((v) => length(v) <= USERNAME_MAX, `Use at most ${USERNAME_MAX} characters`)
      .regex(/^[\p{L}\p{N}][\p{L}\p{N}._-]*$/u, 'Use letters, numbers, dots, dashes and underscores, starting with a letter or number'),
  );

export const emailSchema = text('an email address')
  .trim()
  .min(1, 'Enter an email address')
  .max(EMAIL_MAX, `Use at most ${EMAIL_MAX} characters`)
  .pipe(z.email('Enter a valid email address, like name@example.com'));

export const mobileSchema = (region: string) =>
  text('a mobile number')
    .trim()
    .min(1, 'Enter a mobile number')
    .max(32, 'Enter a valid mobile number, like +44 7700 900123')
    .transform((v, ctx) => {
      const e164 = normalizeMobile(v, region);
      if (!e164) {
        ctx.addIssue({ code: 'custom', message: 'Enter a valid mobile number, like +44 7700 900123' });
        return z.NEVER;
      }
      return e164;
    });

/** New passwords: length only on both sides; the server adds common and context checks. */
export const newPasswordSchema = text('a password')
  .min(1, 'Enter a password')
  .refine((v) => length(v) >= PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters`)
  .refine((v) => length(v) <= PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters`);

export function pinProblem(pin: string): string | null {
  if (!/^\d+$/.test(pin)) return 'Use digits only';
  if (pin.length < PIN_MIN || pin.length > PIN_MAX) return `Use ${PIN_MIN} to ${PIN_MAX} digits`;
  const d = [...pin].map(Number);
  const steps = new Set(d.slice(1).map((x, i) => (x - d[i]! + 10) % 10));
  if (steps.size === 1 && (steps.has(0) || steps.has(1) || steps.has(9))) return 'Avoid repeated digits and simple sequences like 123456';
  // Short repeated blocks: 121212, 123123, 12341234.
  for (let p = 2; p <= pin.length / 2; p++) {
    if (pin.length % p === 0 && pin === pin.slice(0, p).repeat(pin.length / p)) return 'Avoid repeating patterns like 121212';
  }
  return null;
}

export const newPinSchema = text('a PIN')
  .min(1, 'Enter a PIN')
  .superRefine((v, ctx) => {
    const problem = pinProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** Secrets typed at sign-in: shape only, capped so nobody hashes 10 kB. */
export const passwordInputSchema = text('your password').min(1, 'Enter your password').max(PASSWORD_MAX * 4, `Passwords are at most ${PASSWORD_MAX} characters`);
export const pinInputSchema = text('your PIN').min(1, 'Enter your PIN').max(PIN_MAX, `PINs are at most ${PIN_MAX} digits`).regex(/^\d+$/, 'Use digits only');

/** Empty form inputs mean "not given". */
export const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

/** E.164 shown the way people read it: +44 7700 900123. */
export function formatMobile(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}
