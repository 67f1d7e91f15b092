'use server';
import { staffConsentLookupSchema, staffWithdrawSchema } from '@/lib/validation/staff-consent';
import { lookUpCustomerConsents, withdrawCustomerConsent } from '@/server/consent/staff';
import { defineAction } from '@/server/core/action';

/*
 * Staff acting on a customer's email choices at their request. The pipeline
 * checks the session's role; server/consent/staff re-checks it against the
 * database and writes the audit entry.
 */

export const lookUpCustomerConsentsAction = defineAction({
  name: 'consent.staff-look-up',
  input: staffConsentLookupSchema,
  auth: 'staff',
  run: async ({ input, actor, tx, now }) => lookUpCustomerConsents(tx, actor, input, now),
});

export const withdrawCustomerConsentAction = defineAction({
  name: 'consent.staff-withdraw',
  input: staffWithdrawSchema,
  auth: 'staff',
  // Only a tampered form gets these wrong (the state can only be "withdrawn"): said above the form.
  ref: ['state', 'userId'],
  run: async ({ input, actor, tx, request, now }) => withdrawCustomerConsent(tx, actor, input, request, now),
});
