import 'server-only';
import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import type { DbOrTx, Tx } from '@/db/client';
import { users } from '@/db/schema';
import type { Reason } from '@/lib/messages';
import { passwordContextProblem } from '@/lib/validation/auth';
import { clock } from '../clock';
import { mail, sms } from '../mail/transport';
import { templates } from '../mail/templates';
import type { RequestContext } from '../request';
import { createCode, verifyCode } from '../verifications';
import { hashSecret } from './hash';
import { commonPasswordProblem } from './password-strength';
import { IP_RESET_POLICY } from './recovery';
import { revokeAllSessions } from './sessions';
import { clearThrottle, consumeRateLimit, MAIL_POLICY } from './throttle';
import { throttleKeys } from './throttle-keys';

/*
 * Recovery for a customer whose email address is not confirmed (a typo at
 * sign-up, a lost mailbox): a code texted to the account's confirmed mobile
 * number lets them choose a new password. An account with a confirmed address
 * recovers by the emailed link only, so a stolen SIM alone opens nothing; and
 * whoever proves the address later still claims the account (docs/decisions/023).
 */

const PURPOSE = 'recovery_sms';

/** The one account a typed (E.164) number may recover, if any. */
async function recoverable(db: DbOrTx, mobile: string, lock = false) {
  const query = db
    .select()
    .from(users)
    .where(and(eq(users.mobile, mobile), isNotNull(users.mobileVerifiedAt), isNull(users.emailVerifiedAt), eq(users.status, 'active'), eq(users.role, 'customer')));
  const [user] = lock ? await query.for('update') : await query;
  return user;
}

/**
 * Texts a recovery code if the number belongs to such an account. The caller
 * answers the same way whatever happened; only the per-network limit is
 * reported, since it says nothing about any account.
 */
export async function requestRecoveryCode(tx: Tx, mobile: string, ctx: RequestContext, now = clock.now()): Promise<{ ok: true } | { ok: false; reason: Reason }> {
  if (ctx.ip && !(await consumeRateLimit(tx, throttleKeys.resetIp(ctx.ip), IP_RESET_POLICY, now))) return { ok: false, reason: { code: 'network_rate_limited' } };
  if (!(await consumeRateLimit(tx, throttleKeys.recoverySms(mobile), MAIL_POLICY, now))) return { ok: true };
  const user = await recoverable(tx, mobile);
  if (user) {
    const code = await createCode(tx, { purpose: PURPOSE, target: mobile, userId: user.id }, now);
    await sms.sendSms({ to: mobile, userId: user.id, text: `Your Account Center code to choose a new password is ${code}. It expires in 10 minutes. Never share it: we will never ask you for it.` }, tx);
  }
  return { ok: true };
}

/** Thrown (rolling the transaction back, so the right code stays usable) when the new password is refused after the code was accepted. */
export class PasswordRefused extends Error {
  constructor(readonly reason: Reason) {
    super(reason.code);
  }
}

/**
 * Sets a new password with the texted code. A wrong code counts against the
 * code's attempts and answers like an unknown number. The password is checked
 * against the account's username and email only once the code is right, so
 * that answer cannot tell a stranger which account a number belongs to. Every
 * session and outstanding link ends; the email address stays unconfirmed.
 */
export async function recoverWithCode(tx: Tx, input: { mobile: string; code: string; password: string }, now = clock.now()): Promise<{ ok: true } | { ok: false; reason: Reason }> {
  if (commonPasswordProblem(input.password)) return { ok: false, reason: { code: 'password_common', field: 'password' } };
  const user = await recoverable(tx, input.mobile, true);
  const invalid = { ok: false, reason: { code: 'recovery_code_invalid', field: 'code' } } as const;
  if (!user) return invalid;
  const check = await verifyCode(tx, { purpose: PURPOSE, userId: user.id, code: input.code }, now);
  if (!check.ok || check.target !== user.mobile) return invalid;
  if (passwordContextProblem(input.password, user)) throw new PasswordRefused({ code: 'password_context', field: 'password' });
  await tx.update(users).set({ passwordHash: await hashSecret(input.password), updatedAt: now }).where(eq(users.id, user.id));
  await revokeAllSessions(tx, user.id, 'password_recovered', now);
  await clearThrottle(tx, throttleKeys.password(user.username), now);
  await mail.sendEmail({ to: user.email, userId: user.id, ...(await templates.passwordRecovered()) }, tx);
  await sms.sendSms({ to: user.mobile!, userId: user.id, text: 'The password of your Account Center account was just changed. If this was not you, contact support now.' }, tx);
  return { ok: true };
}
