'use server';
import type { StaffConsentView, StaffWithdrawResult } from '@/lib/consent-view';
import type { ActionResult } from '@/lib/result';
import { lookUpCustomerConsents, withdrawCustomerConsent } from '@/server/consent/staff';
import { sessionActor } from '@/server/core/session-actor';
import { requestContext } from '@/server/request';

/*
 * Staff acting on a customer's email choices at their request. The identity
 * comes from the checked session; server/consent/staff re-checks the role
 * against the database, validates the input and writes the audit entry.
 */

export async function lookUpCustomerConsentsAction(raw: unknown): Promise<ActionResult<StaffConsentView>> {
  return lookUpCustomerConsents(await sessionActor(), raw);
}

export async function withdrawCustomerConsentAction(raw: unknown): Promise<ActionResult<StaffWithdrawResult>> {
  return withdrawCustomerConsent(await sessionActor(), raw, await requestContext());
}
