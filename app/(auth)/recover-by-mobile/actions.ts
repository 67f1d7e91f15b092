'use server';
import { recoverWithCodeSchema, recoveryRequestSchema } from '@/lib/validation/verification';
import { PasswordRefused, recoverWithCode, requestRecoveryCode } from '@/server/auth/mobile-recovery';
import type { ThrottlePolicy } from '@/server/auth/throttle';
import { DomainError, defineAction, refuse } from '@/server/core/action';
import { env } from '@/server/env';
import { ipKey, throttleKeys } from '@/server/auth/throttle-keys';

/** Texts a recovery code when the number may recover an account; the same answer whatever happened. */
export const requestRecoveryCodeAction = defineAction({
  name: 'recovery.sms-code',
  input: () => recoveryRequestSchema(env().DEFAULT_PHONE_REGION),
  auth: 'public',
  run: async ({ input, tx, request, now }) => {
    const r = await requestRecoveryCode(tx, input.mobile, request, now);
    return r.ok ? null : refuse(r.reason);
  },
});

/** Guesses at codes from one network, whatever the numbers (each code also dies after 5 tries). */
const CODE_TRIES_PER_IP: ThrottlePolicy = { free: 30, baseLockMs: 15 * 60_000, maxLockMs: 60 * 60_000, resetAfterMs: 15 * 60_000 };

/** Sets a new password with the texted code. A wrong code commits (its try counts); a refused password rolls back (the code stays usable). */
export const recoverWithCodeAction = defineAction({
  name: 'recovery.sms-reset',
  input: () => recoverWithCodeSchema(env().DEFAULT_PHONE_REGION),
  auth: 'public',
  rateLimit: { policy: CODE_TRIES_PER_IP, key: ({ request }) => ipKey(throttleKeys.recoverCodeIp, request.ip), code: 'network_rate_limited' },
  run: async ({ input, tx, now }) => {
    try {
      const r = await recoverWithCode(tx, input, now);
      return r.ok ? null : refuse(r.reason);
    } catch (e) {
      if (e instanceof PasswordRefused) throw new DomainError(e.reason);
      throw e;
    }
  },
});
