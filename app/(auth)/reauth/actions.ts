'use server';
import type { SecondStepChoice } from '@/lib/two-factor';
import { reauthSchema } from '@/lib/validation/auth';
import { isMultiFactorSession, twoFactorView } from '@/server/auth/factors';
import { reauthenticate, REAUTH_WINDOW_MS } from '@/server/auth/reauth';
import { isStaffRole } from '@/server/auth/sessions';
import { defineAction, refuse } from '@/server/core/action';

/**
 * Re-entering the password (or a customer's PIN) opens the 5-minute window for
 * sensitive actions on this session. Which actions accept which secret is
 * decided by server/auth/reauth.ts (STEP_UP), not here: a PIN opens the window
 * for downloading data, never for an email change or a staff power.
 * For staff whose session passed a second step, the window also needs that
 * step again: the answer says which ways the account has to give it.
 */
export const reauthenticateAction = defineAction({
  name: 'auth.reauthenticate',
  input: reauthSchema,
  auth: 'customer',
  run: async ({ input, session, request, now, tx }) => {
    const result = await reauthenticate(session.session.id, session.user.id, input.method, input.secret, request, now);
    if (result.ok) {
      let secondStep: SecondStepChoice | null = null;
      if (isStaffRole(session.user.role) && isMultiFactorSession(session.session)) {
        const view = await twoFactorView(tx, session.user.id);
        if (view.totp || view.passkeys.length) secondStep = { totp: !!view.totp, passkey: view.passkeys.length > 0 };
      }
      return { until: new Date(now.getTime() + REAUTH_WINDOW_MS).toISOString(), secondStep };
    }
    if (result.reason === 'locked') return refuse({ code: 'too_many_attempts' });
    return refuse({ code: input.method === 'pin' ? 'wrong_pin' : 'wrong_password', field: 'secret' });
  },
});
