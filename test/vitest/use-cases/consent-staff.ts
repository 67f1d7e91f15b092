/** server/consent/staff.ts as app/admin/communications/actions.ts runs it (see README.md). */
import { staffConsentLookupSchema, staffWithdrawSchema } from '@/lib/validation/staff-consent';
import type { Actor } from '@/server/core/actor';
import * as staff from '@/server/consent/staff';
import type { RequestContext } from '@/server/request';
import { withInput } from '../../kit/use-case';

export * from '@/server/consent/staff';
export const lookUpCustomerConsents = (actor: Actor | null, raw: unknown, now?: Date) => withInput(staffConsentLookupSchema, raw, (tx, input) => staff.lookUpCustomerConsents(tx, actor, input, now));
export const withdrawCustomerConsent = (actor: Actor | null, raw: unknown, ctx: Pick<RequestContext, 'ip' | 'userAgent'>, now?: Date) =>
  withInput(staffWithdrawSchema, raw, (tx, input) => staff.withdrawCustomerConsent(tx, actor, input, ctx, now), ['state', 'userId']);
