import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import type { DbOrTx, Tx } from '@/db/client';
import { users } from '@/db/schema';
import type { Reason } from '@/lib/messages';
import { clock } from '../clock';
import { sms } from '../mail/transport';
import { createCode, verifyCode } from '../verifications';
import { consumeRateLimit, MAIL_POLICY } from './throttle';
import { throttleKeys } from './throttle-keys';

/*
 * A mobile number given at sign-up (or set by a staff correction) is stored
 * unconfirmed, and PIN sign-in refuses it until a code texted to it comes back
 * (docs/decisions/023). Numbers changed through the profile are confirmed by
 * their own code before they are stored, so they never need this.
 */

const PURPOSE = 'mobile_verify';

export type Outcome = { ok: true } | { ok: false; reason: Reason };

/** Texts a fresh code (replacing any earlier one) to the number the account holds. */
export async function textMobileCode(db: DbOrTx, user: { id: string; mobile: string }, now = clock.now()) {
  const code = await createCode(db, { purpose: PURPOSE, target: user.mobile, userId: user.id }, now);
  await sms.sendSms({ to: user.mobile, userId: user.id, text: `Your Account Center code to confirm this number is ${code}. It expires in 10 minutes. Never share it.` }, db);
}

/** "Text me a code": a few per quarter hour per account. */
export async function sendMobileCode(tx: Tx, userId: string, now = clock.now()): Promise<Outcome> {
  const [user] = await tx.select({ mobile: users.mobile, mobileVerifiedAt: users.mobileVerifiedAt }).from(users).where(eq(users.id, userId)).for('update');
  if (!user?.mobile) return { ok: false, reason: { code: 'no_mobile' } };
  if (user.mobileVerifiedAt) return { ok: false, reason: { code: 'mobile_already_confirmed' } };
  if (!(await consumeRateLimit(tx, throttleKeys.mobileVerify(userId), MAIL_POLICY, now))) return { ok: false, reason: { code: 'codes_rate_limited' } };
  await textMobileCode(tx, { id: userId, mobile: user.mobile }, now);
  return { ok: true };
}

const CODE_REASONS = { wrong: 'code_wrong', expired: 'code_expired', exhausted: 'code_exhausted' } as const;

/**
 * Confirms the account's number with the code texted to it. Wrong tries count
 * (the caller keeps them: it commits on refusal). A code proves the number it was
 * sent to only: if the account's number changed since, nothing is confirmed.
 */
export async function confirmMobile(tx: Tx, userId: string, code: string, now = clock.now()): Promise<Outcome> {
  const check = await verifyCode(tx, { purpose: PURPOSE, userId, code }, now);
  if (!check.ok) return { ok: false, reason: { code: CODE_REASONS[check.reason], field: 'code' } };
  const [user] = await tx.select({ mobile: users.mobile, mobileVerifiedAt: users.mobileVerifiedAt }).from(users).where(eq(users.id, userId)).for('update');
  if (user?.mobile !== check.target) return { ok: false, reason: { code: 'code_for_other_number', field: 'code' } };
  if (user.mobileVerifiedAt) return { ok: true };
  await tx
    .update(users)
    .set({ mobileVerifiedAt: now, updatedAt: now })
    .where(and(eq(users.id, userId), eq(users.mobile, check.target), isNull(users.mobileVerifiedAt)));
  return { ok: true };
}
