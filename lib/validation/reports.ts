import { z } from 'zod';
import { isReportItem, MAX_EXTENSION_DAYS, REPORT_ITEMS, REPORT_TEXT_MAX, STAFF_TEXT_MAX } from '../reports';
import { emailSchema, length, mobileSchema, optional, text } from './fields';
import { profileSchema } from './profile';

/** Free text that may span lines (explanations, statements, reasons): trimmed, bounded, no control characters but line breaks and tabs. */
export const longText = (what: string, max: number) =>
  text(what)
    .trim()
    // Stops here for huge input: no second message, no counting 10 MB of code points.
    .max(max * 4, { error: `Use at most ${max} characters`, abort: true })
    .refine((v) => length(v) <= max, `Use at most ${max} characters`)
    .refine((v) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/.test(v), 'Remove control characters');

/** One line of free text (a value for items that have no stricter shape). */
const oneLine = (what: string, max: number) =>
  longText(what, max).refine((v) => !/[\n\r\u2028\u2029\t]/.test(v), 'Keep it on one line');

/**
 * The correct value the customer proposes, checked and normalized the way the
 * item itself is (a postal code is upper-cased, a mobile number becomes E.164).
 */
export function proposedValueSchema(item: string, region: string): z.ZodType<string, string> {
  const def = REPORT_ITEMS[item];
  if (def?.field) return profileSchema().shape[def.field] as unknown as z.ZodType<string, string>;
  if (item === 'email') return emailSchema;
  if (item === 'mobile') return mobileSchema(region) as unknown as z.ZodType<string, string>;
  return oneLine('the correct value', 200);
}

/** Raising a report: the same schema checks the form in the browser and the action on the server. */
export const reportSchema = (region: string) =>
  z
    .object({
      item: z.string({ error: 'Choose what is wrong' }).refine(isReportItem, 'Choose what is wrong from the list'),
      proposedValue: text('the correct value').trim().min(1, 'Enter the correct value'),
      explanation: longText('an explanation', REPORT_TEXT_MAX).pipe(z.string().min(1, 'Tell us why it is wrong')),
      statement: optional(longText('a statement', REPORT_TEXT_MAX)),
    })
    .transform((v, ctx) => {
      const parsed = proposedValueSchema(v.item, region).safeParse(v.proposedValue);
      if (!parsed.success || parsed.data === undefined) {
        ctx.addIssue({ code: 'custom', path: ['proposedValue'], message: parsed.success ? 'Enter the correct value' : (parsed.error.issues[0]?.message ?? 'Check the correct value') });
        return z.NEVER;
      }
      return { ...v, proposedValue: parsed.data };
    });
export type ReportInput = z.input<ReturnType<typeof reportSchema>>;
export type ReportValues = z.output<ReturnType<typeof reportSchema>>;

export const reportIdSchema = z.coerce.number({ error: 'That report was not found.' }).int().positive().max(2_147_483_647);
/** An action on one report: which one (`id`), with the form's own fields when it has a form. */
export const reportRefSchema = z.object({ id: reportIdSchema });
export const withReportId = <T extends z.ZodRawShape>(form: z.ZodObject<T>) => form.extend(reportRefSchema.shape);

export const codeSchema = z.object({ code: text('the code').trim().min(1, 'Enter the code').max(32, 'Codes are 8 characters') });
export const answerSchema = z.object({ answer: longText('your answer', REPORT_TEXT_MAX).pipe(z.string().min(1, 'Enter your answer')) });

const reason = (what: string) => longText(what, STAFF_TEXT_MAX).pipe(z.string().min(1, `Enter ${what}`));
export const rejectSchema = z.object({ reason: reason('a reason the customer will see') });
export const requestInfoSchema = z.object({ question: reason('what you need to know') });
export const noteSchema = z.object({ note: reason('a note') });
export const approveSchema = z.object({ note: optional(longText('a note', STAFF_TEXT_MAX)) });
export const extendSchema = z.object({
  days: z.coerce
    .number({ error: `Enter a number of days from 1 to ${MAX_EXTENSION_DAYS}` })
    .int(`Enter whole days, from 1 to ${MAX_EXTENSION_DAYS}`)
    .min(1, `Extend by at least 1 day`)
    .max(MAX_EXTENSION_DAYS, `Extend by at most ${MAX_EXTENSION_DAYS} days`),
  reason: reason('a reason the customer will see'),
});
export const reassignSchema = z.object({ staffId: z.uuid({ error: 'Choose a reviewer' }) });

export const promoteSchema = z.object({
  user: text('a username or email address').trim().min(1, 'Enter a username or email address').max(254, 'Use at most 254 characters'),
  role: z.enum(['staff', 'admin'], { error: 'Choose a role' }),
  reason: reason('a reason'),
});
export const demoteSchema = z.object({ userId: z.uuid({ error: 'That person was not found.' }), reason: reason('a reason') });
