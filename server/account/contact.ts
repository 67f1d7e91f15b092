import 'server-only';
import { and, eq, ne } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { users } from '@/db/schema';
import { normalizeEmail } from '@/lib/validation/fields';
import { clock } from '../clock';
import { DomainError, refuse, type Refusal } from '../core/refusal';
import { isUniqueViolation } from '../core/sql';
import { revokeAllSessions, revokeOtherSessions } from '../auth/sessions';
import { MAIL_POLICY } from '../auth/throttle';
import { throttleKeys } from '../auth/throttle-keys';
import { mail, sms } from '../mail/transport';
import { templates } from '../mail/templates';
import { createCode, endResetLinks, verifyCode } from '../verifications';
import { recordChange } from './profile';

export type ContactKind = 'email' | 'mobile';
const purposeOf = (kind: ContactKind) => `${kind}_change`;

// A refusal's reason names the field it belongs to (`value`: the new address, `code`: the code) when there is one.

const UNIQUE = { email: 'users_email_key', mobile: 'users_mobile_key' } as const;
const TAKEN = { email: 'email_in_use', mobile: 'mobile_in_use' } as const;
const SAME = { email: 'already_your_email', mobile: 'already_your_mobile' } as const;

async function takenByOther(tx: Tx, kind: ContactKind, userId: string, value: string) {
  const column = kind === 'email' ? users.emailNormalized : users.mobile;
  const [row] = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(column, kind === 'email' ? normalizeEmail(value) : value), ne(users.id, userId)));
  return !!row;
}

/**
 * The limit on code requests, per account and kind: the action counts it
 * (`rateLimit`) before anything is looked up and in a transaction of its own,
 * so a refused or failed request still counts and "already in use" is no free
 * oracle: past the limit the answer is the limit's.
 */
export const contactChangeLimit = { policy: MAIL_POLICY, key: throttleKeys.contactChange, code: 'codes_rate_limited' } as const;

/**
 * Sends a one-time code to the new address or number. Nothing changes until
 * the code comes back. The caller has already checked re-authentication and
 * counted `contactChangeLimit`.
 */
export async function requestContactChange(tx: Tx, kind: ContactKind, userId: string, value: string, now = clock.now()): Promise<null | Refusal> {
  const [user] = await tx.select().from(users).where(eq(users.id, userId));
  if (!user) return refuse({ code: 'account_not_found' });
  const same = kind === 'email' ? normalizeEmail(value) === user.emailNormalized : value === user.mobile;
  if (same) return refuse({ code: SAME[kind], field: 'value' });
  if (await takenByOther(tx, kind, userId, value)) return refuse({ code: TAKEN[kind], field: 'value' });
  const code = await createCode(tx, { purpose: purposeOf(kind), target: value, userId }, now);
  if (kind === 'email') await mail.sendEmail({ to: value, userId, ...(await templates.confirmNewEmail(code)) }, tx);
  else await sms.sendSms({ to: value, userId, text: `Your Account Center code is ${code}. It expires in 10 minutes. Never share it.` }, tx);
  return null;
}

/** For an email change: the session making it, and whether every other session ends (the default, as for a password change). */
export interface SessionChoice {
  keepSessionId: string;
  signOutOthers: boolean;
}

/**
 * Switches to the new address or number once its code is confirmed; the old
 * address is told. An email change signs out the account's other sessions
 * unless the customer chose to keep them: whoever else holds a session may be
 * why the address is changing. Without a SessionChoice every session ends.
 */
export async function confirmContactChange(tx: Tx, kind: ContactKind, userId: string, code: string, now = clock.now(), choice?: SessionChoice): Promise<null | Refusal> {
  // A wrong code's try is counted: the refusal is returned, so the transaction keeps it.
  const check = await verifyCode(tx, { purpose: purposeOf(kind), userId, code }, now);
  if (!check.ok) return refuse({ code: check.reason === 'wrong' ? 'code_wrong' : check.reason === 'exhausted' ? 'code_exhausted' : 'code_expired', field: 'code' });
  const [before] = await tx.select().from(users).where(eq(users.id, userId)).for('update');
  if (!before) return refuse({ code: 'account_not_found' });
  const patch =
    kind === 'email'
      ? { email: check.target, emailNormalized: normalizeEmail(check.target), emailVerifiedAt: now, updatedAt: now }
      : { mobile: check.target, mobileVerifiedAt: now, updatedAt: now };
  try {
    await tx.update(users).set(patch).where(eq(users.id, userId));
  } catch (e) {
    // The unique index decides a race with another account taking the same value: all of it rolls back.
    if (isUniqueViolation(e, UNIQUE[kind])) throw new DomainError({ code: TAKEN[kind], field: 'code' });
    throw e;
  }
  // Reset links went to the old address: they die with it.
  if (kind === 'email') await endResetLinks(tx, userId, now);
  await recordChange(tx, userId, kind, before[kind] ? 'changed' : 'set', now);
  const signOutOthers = kind === 'email' && choice?.signOutOthers !== false;
  if (signOutOthers) {
    if (choice) await revokeOtherSessions(tx, userId, choice.keepSessionId, 'email_changed', now);
    else await revokeAllSessions(tx, userId, 'email_changed', now);
  }
  await mail.sendEmail({ to: before.email, userId, ...(await templates.contactChanged(kind, signOutOthers)) }, tx);
  return null;
}

/** Removes the mobile number, and with it PIN sign-in. */
export async function removeMobile(tx: Tx, userId: string, now = clock.now()) {
  const [before] = await tx.select().from(users).where(eq(users.id, userId)).for('update');
  if (!before?.mobile) return;
  await tx.update(users).set({ mobile: null, mobileVerifiedAt: null, pinHash: null, updatedAt: now }).where(eq(users.id, userId));
  await recordChange(tx, userId, 'mobile', 'removed', now);
  if (before.pinHash) await recordChange(tx, userId, 'pin', 'removed', now);
  await mail.sendEmail({ to: before.email, userId, ...(await templates.contactChanged('mobile-removed')) }, tx);
}
