import 'server-only';
import { and, eq, or, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Tx } from '@/db/client';
import { users } from '@/db/schema';
import { OPTIONAL_TOPICS, TOPICS, type OptionalTopic } from '@/lib/consent';
import type { StaffConsentView, StaffWithdrawResult } from '@/lib/consent-view';
import { normalizeEmail, normalizeUsername } from '@/lib/validation/fields';
import { WITHDRAW_ALL, type staffConsentLookupSchema, type staffWithdrawSchema } from '@/lib/validation/staff-consent';
import { consumeRateLimit } from '../auth/throttle';
import { clock } from '../clock';
import type { RequestContext } from '../request';
import { audit } from '../core/audit';
import type { Actor } from '../core/actor';
import { staffFrom } from '../core/staff';
import { refuse, type Refusal } from '../core/refusal';
import { consentStates, recordConsent } from './ledger';
import { isSuppressed, suppress } from './suppression';
import { throttleKeys } from '../auth/throttle-keys';

/*
 * Staff handling a customer's request about email by phone or post (source
 * `admin` in the consent ledger). Staff find one customer by exact email or
 * username, see the current optional topics, and can only withdraw: consent
 * must come from the customer, so there is no function here that grants, and
 * the input schema refuses any state but `withdrawn`. Every view and every
 * withdrawal is an audit entry the customer sees under "Who accessed your
 * information", written in the same transaction as what it records.
 */

type Context = Pick<RequestContext, 'ip' | 'userAgent'>;

/** Lookups per staff member: plenty for phone and post, too few to sweep a list of addresses through. */
const LOOKUP_LIMIT = { free: 60, baseLockMs: 15 * 60_000, maxLockMs: 60 * 60_000, resetAfterMs: 60 * 60_000 };

async function viewOf(tx: Tx, customer: StaffConsentView['customer']): Promise<StaffConsentView> {
  return { customer, states: await consentStates(tx, customer.id), suppressed: await isSuppressed(tx, customer.email) };
}

/**
 * The active account by exact username or email (either normalized the way
 * sign-in does), or null. Customers only: a staff or admin account is not
 * found, so staff can neither see nor change a colleague's or an admin's choices.
 */
async function findAccount(tx: Tx, where: SQL | undefined) {
  const [row] = await tx
    .select({ id: users.id, username: users.username, email: users.email, role: users.role })
    .from(users)
    .where(and(where, eq(users.status, 'active')))
    .limit(1);
  if (!row) return null;
  const { role, ...customer } = row;
  return { customer: role === 'customer' ? customer : null, id: row.id };
}

/** Looks a customer up and shows their current choices. The view is an access to their data: audited as `consent.viewed`. */
export async function lookUpCustomerConsents(tx: Tx, actor: Actor | null, input: z.output<typeof staffConsentLookupSchema>, now = clock.now()): Promise<StaffConsentView | Refusal> {
  if (!actor) return refuse({ code: 'session_ended' });
  const who = input.customer;
  const staff = await staffFrom(tx, actor);
  if (!staff) return refuse({ code: 'staff_only' });
  if (!(await consumeRateLimit(tx, throttleKeys.staffConsentLookup(staff.userId), LOOKUP_LIMIT, now))) return refuse({ code: 'consent_lookups_rate_limited' });
  const found = await findAccount(tx, or(eq(users.username, normalizeUsername(who)), eq(users.emailNormalized, normalizeEmail(who))));
  if (found?.id === staff.userId) return refuse({ code: 'consent_own_account', field: 'customer' });
  const customer = found?.customer;
  if (!customer) return refuse({ code: 'consent_no_such_customer', field: 'customer' });
  await audit(tx, { actor: staff, action: 'consent.viewed', subjectUserId: customer.id }, now);
  return viewOf(tx, customer);
}

/**
 * Withdraws one topic, or every optional topic and puts the address on the
 * do-not-email list (the customer's own "Unsubscribe from all"), at the
 * customer's request. One ledger row per real change, with the staff member's
 * IP and user agent; one audit entry with the reason when anything changed.
 */
export async function withdrawCustomerConsent(tx: Tx, actor: Actor | null, input: z.output<typeof staffWithdrawSchema>, ctx: Context, now = clock.now()): Promise<StaffWithdrawResult | Refusal> {
  if (!actor) return refuse({ code: 'session_ended' });
  const { userId, scope, reason } = input;
  const staff = await staffFrom(tx, actor);
  if (!staff) return refuse({ code: 'staff_only' });
  const found = await findAccount(tx, eq(users.id, userId));
  if (found?.id === staff.userId) return refuse({ code: 'consent_own_account' });
  // Checked here, not only by the look-up: a posted id of a staff or admin account is refused the same way.
  const customer = found?.customer;
  if (!customer) return refuse({ code: 'consent_no_such_customer' });
  const topics: OptionalTopic[] = scope === WITHDRAW_ALL ? [...OPTIONAL_TOPICS] : [scope];
  const withdrawn: OptionalTopic[] = [];
  for (const topic of topics) {
    if (await recordConsent(tx, { userId, topic, state: 'withdrawn', source: 'admin', ip: ctx.ip, userAgent: ctx.userAgent }, now)) withdrawn.push(topic);
  }
  const newlySuppressed = scope === WITHDRAW_ALL && !(await isSuppressed(tx, customer.email));
  if (newlySuppressed) await suppress(tx, customer.email, 'unsubscribed_all');
  if (withdrawn.length || newlySuppressed) {
    const what = scope === WITHDRAW_ALL ? 'All promotional email' : TOPICS[scope].label;
    await audit(tx, { actor: staff, action: 'consent.withdrawn', subjectUserId: userId, reason: `${what}: ${reason}` }, now);
  }
  return { ...(await viewOf(tx, customer)), withdrawn, newlySuppressed };
}
