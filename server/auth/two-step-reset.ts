import 'server-only';
import { eq } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { passkeys, recoveryCodes, totpCredentials, users } from '@/db/schema';
import { RESET_LINK_MINUTES } from '@/lib/policy';
import { clock } from '../clock';
import { twoFactorTemplates } from '../mail/two-factor-templates';
import type { RequestContext } from '../request';
import { consumeLinkToken, createLinkToken } from '../verifications';
import { peekChallenge } from './challenges';
import { securityMail } from './factors';
import { revokeAllSessions } from './sessions';
import { consumeRateLimit, MAIL_POLICY } from './throttle';
import { throttleKeys } from './throttle-keys';

/*
 * A lost second factor with no recovery code left: whoever passed the password
 * step may ask for a link to the account's email; opening it and confirming
 * removes every second factor and signs out everywhere. Two things are needed
 * (the password and the mailbox). Staff must then enrol again before any staff
 * page or action works (their sessions have no second factor).
 */
export const TWO_STEP_RESET = 'two_step_reset';

/** Sends the link for the waiting sign-in's account; an unknown or expired waiting sign-in sends nothing (same answer). */
export async function requestTwoStepReset(tx: Tx, secondStepToken: string, _ctx: RequestContext, now = clock.now()) {
  const pending = await peekChallenge(tx, 'second_step', secondStepToken, now);
  if (!pending?.userId) return;
  const userId = pending.userId;
  // Counted in the same transaction as the link, as before: past the limit nothing is sent (and the count commits).
  if (!(await consumeRateLimit(tx, throttleKeys.twoStepReset(userId), MAIL_POLICY, now))) return;
  const [user] = await tx.select({ email: users.emailNormalized }).from(users).where(eq(users.id, userId));
  if (!user) return;
  const token = await createLinkToken(tx, { purpose: TWO_STEP_RESET, target: user.email, userId, minutes: RESET_LINK_MINUTES }, now);
  await securityMail(tx, userId, await twoFactorTemplates.resetLink(token, RESET_LINK_MINUTES));
}

/** Uses the emailed link: every second factor goes, every session ends, the account is told. */
export async function completeTwoStepReset(tx: Tx, token: string, now = clock.now()): Promise<boolean> {
  const link = await consumeLinkToken(tx, TWO_STEP_RESET, token, now);
  if (!link?.userId) return false;
  await tx.delete(totpCredentials).where(eq(totpCredentials.userId, link.userId));
  await tx.delete(passkeys).where(eq(passkeys.userId, link.userId));
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, link.userId));
  await revokeAllSessions(tx, link.userId, 'two_step_reset', now);
  await securityMail(tx, link.userId, await twoFactorTemplates.resetDone());
  return true;
}
