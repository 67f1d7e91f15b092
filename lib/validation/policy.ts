import { z } from 'zod';
import { length, text } from './fields';
import { longText } from './reports';

export const POLICY_VERSION_MAX = 40;
export const POLICY_SUMMARY_MAX = 2000;
export const POLICY_BODY_MAX = 50_000;

/** Publishing a policy version (admins). The label must also be unused, which only the server can tell. */
export const policySchema = z.object({
  version: text('a version label')
    .trim()
    .min(1, 'Enter a version label, like 2026-12')
    .max(POLICY_VERSION_MAX * 4, `Use at most ${POLICY_VERSION_MAX} characters`)
    .refine((v) => length(v) <= POLICY_VERSION_MAX, `Use at most ${POLICY_VERSION_MAX} characters`)
    .refine((v) => v === '' || /^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u.test(v), 'Use letters, numbers, spaces, dots and dashes, starting with a letter or number'),
  summary: longText('a summary of changes', POLICY_SUMMARY_MAX).pipe(z.string().min(1, 'Say what changed: customers see this summary')),
  body: longText('the policy text', POLICY_BODY_MAX).pipe(z.string().min(1, 'Enter the policy text')),
});
export type PolicyInput = z.input<typeof policySchema>;

export const policyVersionIdSchema = z.coerce.number({ error: 'That policy version was not found.' }).int().positive().max(2_147_483_647);
export const policyRefSchema = z.object({ id: policyVersionIdSchema });
