'use server';
import { z } from 'zod';
import { fail, ok, type ActionResult } from '@/lib/result';
import { fieldErrorsOf } from '@/lib/validation/auth';
import { newPasswordSchema, newPinSchema, passwordInputSchema } from '@/lib/validation/fields';
import { changeSecret, endOtherSessions, endSession, reportNotMe } from '@/server/account/security';
import { currentSession, requireUser } from '@/server/auth/current';
import { signOut } from '@/server/auth/next-auth';
import { revokeAllSessions } from '@/server/auth/sessions';
import { getDb } from '@/db/client';
import { requestContext } from '@/server/request';

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

const passwordChangeSchema = z.object({ currentPassword: passwordInputSchema, password: newPasswordSchema });
const pinChangeSchema = z.object({ currentPassword: passwordInputSchema, pin: newPinSchema });
const pinRemoveSchema = z.object({ currentPassword: passwordInputSchema });

async function applyChange(currentPassword: string, change: Parameters<typeof changeSecret>[3]): Promise<ActionResult<null>> {
  const { user, session } = await requireUser();
  const result = await changeSecret(user.id, session.id, currentPassword, change, await requestContext());
  return result.ok ? ok(null) : fail(undefined, { [result.field]: [result.message] });
}

export async function changePasswordAction(raw: unknown): Promise<ActionResult<null>> {
  await requireUser();
  const parsed = passwordChangeSchema.safeParse(raw);
  if (!parsed.success) return fail(undefined, fieldErrorsOf(parsed.error));
  return applyChange(parsed.data.currentPassword, { password: parsed.data.password });
}

export async function changePinAction(raw: unknown): Promise<ActionResult<null>> {
  await requireUser();
  const parsed = pinChangeSchema.safeParse(raw);
  if (!parsed.success) return fail(undefined, fieldErrorsOf(parsed.error));
  return applyChange(parsed.data.currentPassword, { pin: parsed.data.pin });
}

export async function removePinAction(raw: unknown): Promise<ActionResult<null>> {
  await requireUser();
  const parsed = pinRemoveSchema.safeParse(raw);
  if (!parsed.success) return fail(undefined, fieldErrorsOf(parsed.error));
  return applyChange(parsed.data.currentPassword, { pin: null });
}
