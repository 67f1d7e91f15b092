'use server';
import { linkTokenSchema } from '@/lib/validation/verification';
import { resendFromLink } from '@/server/auth/accounts';
import { IP_RESET_POLICY } from '@/server/auth/recovery';
import { defineAction, refuse } from '@/server/core/action';
import { ipKey, throttleKeys } from '@/server/auth/throttle-keys';

/**
 * "Send me a new link" on the page behind an expired or used confirmation link:
 * the old link says which account and address it was for, so nobody has to sign
 * in. Limited per network here and per account inside.
 */
export const resendFromLinkAction = defineAction({
  name: 'email.resend-from-link',
  input: linkTokenSchema,
  auth: 'public',
  rateLimit: { policy: IP_RESET_POLICY, key: ({ request }) => ipKey(throttleKeys.verifyResendIp, request.ip), code: 'network_rate_limited' },
  run: async ({ input, tx, now }) => {
    const r = await resendFromLink(tx, input.token, now);
    return r.ok ? null : refuse(r.reason);
  },
});
