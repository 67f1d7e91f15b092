'use server';
import type { z } from 'zod';
import { passwordChangeSchema, pinChangeSchema, pinRemoveSchema, sessionRefSchema } from '@/lib/validation/secrets';
import { changeSecret, endOtherSessions, endSession, reportNotMe } from '@/server/account/security';
import { signOut } from '@/server/auth/next-auth';
import { revokeAllSessions } from '@/server/auth/sessions';
import { defineAction, defineFormAction, refuse } from '@/server/core/action';

/** Ends one of the caller's own sessions (ending the current one signs out). */
export const endSessionAction = defineAction({
  name: 'security.end-session',
  input: sessionRefSchema,
  auth: 'customer',
  ref: 'id',
  run: async ({ input, session, tx, now }) => {
    if (!(await endSession(tx, session.user.id, input.id, now))) return refuse({ code: 'session_already_ended' });
    return { signedOut: input.id === session.session.id };
  },
});

export const endOtherSessionsAction = defineAction({
  name: 'security.end-other-sessions',
  auth: 'customer',
  run: async ({ session, tx, now }) => {
    await endOtherSessions(tx, session.user.id, session.session.id, now);
    return null;
  },
});

export const signOutEverywhereAction = defineFormAction({
  name: 'security.sign-out-everywhere',
  auth: 'public',
  run: async ({ actor, tx, now }) => {
    if (actor) await revokeAllSessions(tx, actor.userId, 'signed_out_everywhere', now);
    return null;
  },
  after: () => signOut({ redirectTo: '/sign-in?reason=signed-out' }),
});

export const reportNotMeAction = defineAction({
  name: 'security.report-not-me',
  auth: 'customer',
  run: async ({ actor, tx, now }) => {
    await reportNotMe(tx, actor.userId, now);
    return null;
  },
  after: () => signOut({ redirectTo: '/sign-in?reason=secured' }),
});

// Each checks the current password itself (under the sign-in throttle): that is the re-authentication.
const secretAction = <S extends z.ZodType<{ currentPassword: string }>>(name: string, input: S, changeOf: (v: z.output<S>) => Parameters<typeof changeSecret>[4]) =>
  defineAction({
    name,
    input,
    auth: 'customer',
    refresh: true,
    run: async ({ input: v, session, tx, request, now }) => changeSecret(tx, session.user.id, session.session.id, v.currentPassword, changeOf(v), request, now),
  });

/** "Sign out of other devices" is ticked by default; only an explicit false keeps them. */
export const changePasswordAction = secretAction('security.change-password', passwordChangeSchema, (v) => ({ password: v.password, signOutOthers: v.signOutOthers }));
export const changePinAction = secretAction('security.change-pin', pinChangeSchema, (v) => ({ pin: v.pin }));
export const removePinAction = secretAction('security.remove-pin', pinRemoveSchema, () => ({ pin: null }));
