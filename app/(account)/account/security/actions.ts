'use server';
import type { z } from 'zod';
import { fail, ok, type ActionResult } from '@/lib/result';
import { passwordChangeSchema, pinChangeSchema, pinRemoveSchema } from '@/lib/validation/secrets';
import { changeSecret, endOtherSessions, endSession, reportNotMe } from '@/server/account/security';
import { currentSession, requireUser } from '@/server/auth/current';
import { signOut } from '@/server/auth/next-auth';
import { revokeAllSessions } from '@/server/auth/sessions';
import { defineAction, settled } from '@/server/core/action';
import { getDb } from '@/server/core/db';

/** Ends one of the caller's own sessions (ending the current one signs out). */
export async function endSessionAction(sessionId: unknown): Promise<ActionResult<{ signedOut: boolean }>> {
  const { user, session } = await requireUser();
  if (typeof sessionId !== 'string' || !/^[0-9a-f-]{36}$/i.test(sessionId)) return fail('That session was not found.');
  const ended = await endSession(user.id, sessionId);
  if (!ended) return fail('That session was not found. It may have ended already.');
  return ok({ signedOut: sessionId === session.id });
}

export async function endOtherSessionsAction(): Promise<ActionResult<null>> {
  const { user, session } = await requireUser();
  await endOtherSessions(user.id, session.id);
  return ok(null);
}

export async function signOutEverywhereAction(): Promise<void> {
  const s = await currentSession();
  if (s.state === 'active') await revokeAllSessions(getDb(), s.user.id, 'signed_out_everywhere');
  await signOut({ redirectTo: '/sign-in?reason=signed-out' });
}

export async function reportNotMeAction(): Promise<void> {
  const { user } = await requireUser();
  await reportNotMe(user.id);
  await signOut({ redirectTo: '/sign-in?reason=secured' });
}

// Each checks the current password itself (under the sign-in throttle): that is the re-authentication.
const secretAction = <S extends z.ZodType<{ currentPassword: string }>>(name: string, input: S, changeOf: (v: z.output<S>) => Parameters<typeof changeSecret>[3]) =>
  defineAction({
    name,
    input,
    auth: 'customer',
    run: async ({ input: v, session, request, now }) => {
      const result = await changeSecret(session.user.id, session.session.id, v.currentPassword, changeOf(v), request, now);
      return settled(result.ok ? ok(null) : fail(undefined, { [result.field]: [result.message] }));
    },
  });

/** "Sign out of other devices" is ticked by default; only an explicit false keeps them. */
export const changePasswordAction = secretAction('security.change-password', passwordChangeSchema, (v) => ({ password: v.password, signOutOthers: v.signOutOthers }));
export const changePinAction = secretAction('security.change-pin', pinChangeSchema, (v) => ({ pin: v.pin }));
export const removePinAction = secretAction('security.remove-pin', pinRemoveSchema, () => ({ pin: null }));
