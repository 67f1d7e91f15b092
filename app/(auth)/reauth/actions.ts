'use server';
import { reauthSchema } from '@/lib/validation/auth';
import { reauthenticate, REAUTH_WINDOW_MS } from '@/server/auth/reauth';
import { defineAction, refuse } from '@/server/core/action';

/**
 * Re-entering the password (or a customer's PIN) opens the 5-minute window for
 * sensitive actions on this session. Which actions accept which secret is
 * decided by server/auth/reauth.ts (STEP_UP), not here: a PIN opens the window
 * for downloading data, never for an email change or a staff power.
 */
export const reauthenticateAction = defineAction({
  name: 'auth.reauthenticate',
  input: reauthSchema,
  auth: 'customer',
  run: async ({ input, session, request, now }) => {
    const result = await reauthenticate(session.session.id, session.user.id, input.method, input.secret, request, now);
    if (result.ok) return { until: new Date(now.getTime() + REAUTH_WINDOW_MS).toISOString() };
    if (result.reason === 'locked') return refuse({ code: 'too_many_attempts' });
    return refuse({ code: input.method === 'pin' ? 'wrong_pin' : 'wrong_password', field: 'secret' });
  },
});
