import { z } from 'zod';
import { isCountryCode, LANGUAGES, timeZones } from '../countries';
import { length, optional, text } from './fields';
import { PROFILE_FIELD_NAMES, PROFILE_FIELDS, type ProfileField } from './profile-fields';

export { PROFILE_FIELD_NAMES, PROFILE_FIELDS, type ProfileField };

/** Single-line text: trimmed, no control characters, bounded. */
const line = (what: string, max: number) =>
  text(what)
    .trim()
    .max(max * 4, `Use at most ${max} characters`)
    .refine((v) => length(v) <= max, `Use at most ${max} characters`)
    .refine((v) => !/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(v), 'Remove line breaks and control characters');

const MAX_AGE_YEARS = 130;

/** `YYYY-MM-DD`, a real calendar date, not in the future, age at most 130. `today` is injectable for tests. */
export const dateOfBirthSchema = (today = new Date()) =>
  text('a date of birth')
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date like 1990-04-21')
    .refine((v) => {
      const d = new Date(`${v}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
    }, 'Enter a real date')
    .refine((v) => v <= today.toISOString().slice(0, 10), 'Your date of birth cannot be in the future')
    .refine((v) => {
      const oldest = new Date(today);
      oldest.setUTCFullYear(oldest.getUTCFullYear() - MAX_AGE_YEARS);
      return v >= oldest.toISOString().slice(0, 10);
    }, `Check the year: that would make you over ${MAX_AGE_YEARS}`);


const fields = (today?: Date) => ({
  fullName: line('your full name', 200).pipe(z.string().min(1, 'Enter your full name')),
  preferredName: optional(line('a preferred name', 100)),
  dateOfBirth: optional(dateOfBirthSchema(today)),
  addressLine1: optional(line('an address line', 200)),
  addressLine2: optional(line('an address line', 200)),
  city: optional(line('a town or city', 100)),
  region: optional(line('a region', 100)),
  postalCode: optional(
    line('a postal code', 20)
      .transform((v) => v.toUpperCase())
      .pipe(z.string().regex(/^[\p{L}\p{N}][\p{L}\p{N} -]*$/u, 'Use letters, numbers, spaces and dashes')),
  ),
  country: optional(text('a country').trim().toUpperCase().refine(isCountryCode, 'Choose a country from the list')),
  company: optional(line('a company', 200)),
  preferredLanguage: optional(text('a language').refine((v) => (LANGUAGES as readonly string[]).includes(v), 'Choose a language from the list')),
  timeZone: optional(text('a time zone').refine((v) => timeZones().includes(v), 'Choose a time zone from the list')),
});

/** The profile form: every field, plus the version the form was loaded at. */
export const profileSchema = (today?: Date) =>
  z.object({
    ...fields(today),
    version: z.coerce.number({ error: 'Reload the page and try again' }).int().positive(),
  });
export type ProfileInput = z.input<ReturnType<typeof profileSchema>>;
export type ProfileValues = z.output<ReturnType<typeof profileSchema>>;

export const removeFieldSchema = z.object({
  field: z.enum(PROFILE_FIELD_NAMES.filter((f) => !PROFILE_FIELDS[f].required) as [ProfileField, ...ProfileField[]], { error: 'This detail cannot be removed' }),
  version: z.coerce.number().int().positive(),
});
