'use server';
import { codeSchema } from '@/lib/validation/verification';
import { resendVerifyLink } from '@/server/auth/accounts';
import { confirmMobile, sendMobileCode, type Outcome } from '@/server/auth/mobile-verification';
import { defineAction, refuse } from '@/server/core/action';

/** Confirming the signed-in customer's own email address and mobile number (PIN sign-in waits for the mobile). */

const answer = (outcome: Outcome) => (outcome.ok ? null : refuse(outcome.reason));

export const sendMobileCodeAction = defineAction({
  name: 'mobile.send-code',
  auth: 'customer',
  run: async ({ actor, tx, now }) => answer(await sendMobileCode(tx, actor.userId, now)),
});

/** A refusal commits: a wrong code's try is counted. */
export const confirmMobileAction = defineAction({
  name: 'mobile.confirm',
  refresh: true,
  input: codeSchema,
  auth: 'customer',
  run: async ({ input, actor, tx, now }) => answer(await confirmMobile(tx, actor.userId, input.code, now)),
});

export const resendVerifyLinkAction = defineAction({
  name: 'email.resend-verify-link',
  auth: 'customer',
  run: async ({ actor, tx, now }) => {
    const r = await resendVerifyLink(tx, actor.userId, now);
    return r.ok ? null : refuse(r.reason);
  },
});
