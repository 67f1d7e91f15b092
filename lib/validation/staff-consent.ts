import { z } from 'zod';
import { OPTIONAL_TOPICS } from '../consent';
import { STAFF_TEXT_MAX } from '../reports';
import { text } from './fields';
import { longText } from './reports';

/*
 * Staff acting on a customer's email choices at the customer's request
 * (/admin/communications). The same schemas check the forms in the browser
 * and the actions on the server.
 */

/** An exact email address or username: no partial search, so nobody can list customers through it. */
export const staffConsentLookupSchema = z.object({
  customer: text('the customer’s email address or username').trim().min(1, 'Enter the customer’s email address or username').max(254, 'Use at most 254 characters'),
});
export type StaffConsentLookupInput = z.input<typeof staffConsentLookupSchema>;

/** Staff can only take consent away: consent is given by the customer, never on their behalf. */
export const STAFF_CANNOT_GRANT = 'Staff can only withdraw consent. Only the customer can subscribe, from their own account or an email we send them.';

/** What the customer asked to stop: one topic, or every promotional email (which also puts the address on the do-not-email list). */
export const WITHDRAW_ALL = 'all';

export const staffWithdrawSchema = z.object({
  userId: z.uuid({ error: 'That customer was not found. Look them up again.' }),
  scope: z.enum([...OPTIONAL_TOPICS, WITHDRAW_ALL], { error: 'Choose what the customer asked to stop' }),
  // The only state this path can write; anything else is refused here, before any code could act on it.
  state: z.literal('withdrawn', { error: STAFF_CANNOT_GRANT }),
  reason: longText('the reason', STAFF_TEXT_MAX).pipe(z.string().min(1, 'Enter the reason: how and when the customer asked')),
});
export type StaffWithdrawInput = z.input<typeof staffWithdrawSchema>;
