'use server';
import { CredentialsSignin } from 'next-auth';
import { fail, ok, type ActionResult } from '@/lib/result';
import { fieldErrorsOf, forgotSchema, passwordSignInSchema, pinSignInSchema, resetPasswordSchema, resetPinSchema, signUpSchema } from '@/lib/validation/auth';
import { signUpAccount } from '@/server/auth/accounts';
import { signIn } from '@/server/auth/next-auth';
import { completeReset, requestReset, type ResetKind } from '@/server/auth/recovery';
import { clock } from '@/server/clock';
import { defineAction, refuse, settled } from '@/server/core/action';
import { env } from '@/server/env';
import { requestContext } from '@/server/request';
import { safeNext } from '@/lib/safe-next';

const INVALID = 'The details you entered do not match an account. Check them and try again.';

/** Turns a refused Auth.js sign-in into the one answer users see; nothing says whether the account exists. */
function refused(error: unknown): ActionResult<never> {
  if (!(error instanceof CredentialsSignin)) throw error;
  const locked = /^locked:(\d+)$/.exec(error.code ?? '');
  if (locked) {
    const minutes = Math.max(1, Math.ceil((Number(locked[1]) - clock.now().getTime()) / 60_000));
    return fail(`Too many attempts. For your security, sign-in is paused. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`);
  }
  return fail(INVALID);
}

export async function signInWithPassword(raw: unknown, next?: unknown): Promise<ActionResult<{ redirectTo: string }>> {
  const parsed = passwordSignInSchema.safeParse(raw);
  if (!parsed.success) return fail(undefined, fieldErrorsOf(parsed.error));
  try {
    await signIn('password', { ...parsed.data, redirect: false });
  } catch (e) {
    return refused(e);
  }
  return ok({ redirectTo: safeNext(next) });
}

export async function signInWithPin(raw: unknown, next?: unknown): Promise<ActionResult<{ redirectTo: string }>> {
  const parsed = pinSignInSchema(env().DEFAULT_PHONE_REGION).safeParse(raw);
  if (!parsed.success) return fail(undefined, fieldErrorsOf(parsed.error));
  try {
    await signIn('pin', { ...parsed.data, redirect: false });
  } catch (e) {
    return refused(e);
  }
  return ok({ redirectTo: safeNext(next) });
}

/**
 * Creates the account (every attempt counted per network and per identifier
 * typed, server/auth/accounts.ts) and signs it in.
 */
export const signUp = defineAction({
  name: 'auth.sign-up',
  input: () => signUpSchema(env().DEFAULT_PHONE_REGION),
  auth: 'public',
  run: async ({ input, request, now }) => {
    const created = await signUpAccount(input, request, now);
    if (!created.ok) return 'reason' in created ? refuse(created.reason) : settled(fail(undefined, created.fieldErrors));
    try {
      await signIn('password', { identifier: input.username, password: input.password, redirect: false });
    } catch (e) {
      return settled(refused(e));
    }
    return { redirectTo: '/account?welcome=1' };
  },
});

export async function forgot(kind: ResetKind, raw: unknown): Promise<ActionResult<null>> {
  if (kind !== 'password' && kind !== 'pin') return fail('Unknown request.');
  const parsed = forgotSchema.safeParse(raw);
  if (!parsed.success) return fail(undefined, fieldErrorsOf(parsed.error));
  const result = await requestReset(kind, parsed.data.identifier, await requestContext());
  if (!result.ok) return fail('Too many requests from your network. Please wait 15 minutes and try again.');
  return ok(null);
}

export async function resetPassword(raw: unknown): Promise<ActionResult<null>> {
  const parsed = resetPasswordSchema.safeParse(raw);
  if (!parsed.success) return fail(undefined, fieldErrorsOf(parsed.error));
  return resetAnswer(await completeReset('password', parsed.data.token, parsed.data.password), 'password');
}

export async function resetPin(raw: unknown): Promise<ActionResult<null>> {
  const parsed = resetPinSchema.safeParse(raw);
  if (!parsed.success) return fail(undefined, fieldErrorsOf(parsed.error));
  return resetAnswer(await completeReset('pin', parsed.data.token, parsed.data.pin), 'pin');
}

function resetAnswer(result: Awaited<ReturnType<typeof completeReset>>, field: 'password' | 'pin'): ActionResult<null> {
  if (result.ok) return ok(null);
  if (result.reason === 'weak') return fail(undefined, { [field]: [result.message] });
  return fail('This link has expired or was already used. Ask for a new one.');
}
