'use server';
import { staffConsentLookupSchema, staffWithdrawSchema } from '@/lib/validation/staff-consent';
import { lookUpCustomerConsents, withdrawCustomerConsent } from '@/server/consent/staff';
import { defineAction, settled } from '@/server/core/action';

/*
 * Staff acting on a customer's email choices at their request. The pipeline
 * checks the session's role; server/consent/staff re-checks it against the
 * database and writes the audit entry.
 */

export const lookUpCustomerConsentsAction = defineAction({
  name: 'consent.staff-look-up',
  input: staffConsentLookupSchema,
  auth: 'staff',
  run: async ({ input, actor, now }) => settled(await lookUpCustomerConsents(actor, input, now)),
});

export const withdrawCustomerConsentAction = defineAction({
  name: 'consent.staff-withdraw',
  input: staffWithdrawSchema,
  auth: 'staff',
  // Only a tampered form gets these wrong (the state can only be "withdrawn"): said above the form.
  ref: ['state', 'userId'],
  run: async ({ input, actor, request, now }) => settled(await withdrawCustomerConsent(actor, input, request, now)),
});
