'use server';
import { CredentialsSignin } from 'next-auth';
import { cookies } from 'next/headers';
import { z } from 'zod';
import { forgotSchema, resetKindSchema, passwordSignInSchema, pinSignInSchema, resetPasswordSchema, resetPinSchema, signUpSchema } from '@/lib/validation/auth';
import { passkeyAssertionSchema, secondStepSchema } from '@/lib/validation/two-factor';
import { SECOND_STEP_MINUTES } from '@/lib/two-factor';
import type { Reason } from '@/lib/messages';
import { signUpAccount } from '@/server/auth/accounts';
import { passkeySignInCookieName, secondStepCookieName, shortCookie } from '@/server/auth/cookies';
import { SecondStepRequired, signIn } from '@/server/auth/next-auth';
import { completeReset, requestReset } from '@/server/auth/recovery';
import { secondStepPasskeyOptions, startPasskeySignIn } from '@/server/auth/second-step';
import { requestTwoStepReset, completeTwoStepReset } from '@/server/auth/two-step-reset';
import { MAIL_POLICY } from '@/server/auth/throttle';
import { clock } from '@/server/clock';
import { defineAction, refuse } from '@/server/core/action';
import { env } from '@/server/env';
import { safeNext } from '@/lib/safe-next';
import { ipKey, throttleKeys } from '@/server/auth/throttle-keys';

const wait = (retryAtMs: number) => {
  const minutes = Math.max(1, Math.ceil((retryAtMs - clock.now().getTime()) / 60_000));
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
};

/** Turns a refused Auth.js sign-in into the one answer users see; nothing says whether the account exists. */
function refusalOf(error: unknown, invalid: Reason['code'] = 'sign_in_invalid', locked: Reason['code'] = 'sign_in_locked'): Reason {
  if (!(error instanceof CredentialsSignin)) throw error;
  const lock = /^locked:(\d+)$/.exec(error.code ?? '');
  return lock ? { code: locked, params: { wait: wait(Number(lock[1])) } } : { code: invalid };
}

type SignedIn = { redirectTo: string };
const nextField = { next: z.string().max(600).optional() };

/**
 * The first step. A right password or PIN of an account with a second factor
 * issues no session: only the waiting sign-in's token, in a short-lived cookie,
 * and the way to the second step.
 */
async function firstStep(provider: 'password' | 'pin', credentials: Record<string, string>, next: string | undefined) {
  try {
    await signIn(provider, { ...credentials, redirect: false });
  } catch (e) {
    if (e instanceof SecondStepRequired) {
      (await cookies()).set(secondStepCookieName(), e.token, shortCookie(SECOND_STEP_MINUTES));
      const target = safeNext(next);
      return { redirectTo: `/sign-in/second-step${target === '/account' ? '' : `?next=${encodeURIComponent(target)}`}` };
    }
    return refuse(refusalOf(e));
  }
  return { redirectTo: safeNext(next) };
}

export const signInWithPassword = defineAction({
  name: 'auth.sign-in.password',
  input: passwordSignInSchema.extend(nextField),
  auth: 'public',
  run: async ({ input }): Promise<SignedIn | ReturnType<typeof refuse>> => firstStep('password', { identifier: input.identifier, password: input.password }, input.next),
});

export const signInWithPin = defineAction({
  name: 'auth.sign-in.pin',
  input: () => pinSignInSchema(env().DEFAULT_PHONE_REGION).extend(nextField),
  auth: 'public',
  run: async ({ input }): Promise<SignedIn | ReturnType<typeof refuse>> => firstStep('pin', { mobile: input.mobile, pin: input.pin }, input.next),
});

const secondStepToken = async () => (await cookies()).get(secondStepCookieName())?.value ?? '';

/** The second step: an authenticator code, a recovery code or a passkey; only now is the session created. */
export const completeSecondStepAction = defineAction({
  name: 'auth.second-step',
  input: z.object({ proof: secondStepSchema, ...nextField }),
  auth: 'public',
  run: async ({ input }): Promise<SignedIn | ReturnType<typeof refuse>> => {
    const token = await secondStepToken();
    try {
      await signIn('second-step', { token, proof: JSON.stringify(input.proof), redirect: false });
    } catch (e) {
      return refuse(refusalOf(e, 'second_step_invalid', 'second_step_locked'));
    }
    (await cookies()).delete(secondStepCookieName());
    return { redirectTo: safeNext(input.next) };
  },
});

/** WebAuthn options for the second step (the waiting account's own passkeys). */
export const secondStepPasskeyOptionsAction = defineAction({
  name: 'auth.second-step.passkey-options',
  auth: 'public',
  run: async ({ tx, now }) => (await secondStepPasskeyOptions(tx, await secondStepToken(), now)) ?? refuse({ code: 'second_step_invalid' }),
});

const PASSKEY_OPTIONS_PER_IP = { free: 60, baseLockMs: 5 * 60_000, maxLockMs: 60 * 60_000, resetAfterMs: 15 * 60_000 };

/** Starts a usernameless passkey sign-in. */
export const passkeySignInOptionsAction = defineAction({
  name: 'auth.passkey.options',
  auth: 'public',
  rateLimit: { policy: PASSKEY_OPTIONS_PER_IP, key: ({ request }) => ipKey(throttleKeys.passkeyIp, request.ip) },
  run: async ({ tx, now }) => {
    const { token, options } = await startPasskeySignIn(tx, now);
    (await cookies()).set(passkeySignInCookieName(), token, shortCookie(5));
    return options;
  },
});

export const signInWithPasskeyAction = defineAction({
  name: 'auth.passkey.sign-in',
  input: z.object({ response: passkeyAssertionSchema, ...nextField }),
  auth: 'public',
  run: async ({ input }): Promise<SignedIn | ReturnType<typeof refuse>> => {
    const jar = await cookies();
    const token = jar.get(passkeySignInCookieName())?.value ?? '';
    jar.delete(passkeySignInCookieName());
    try {
      await signIn('passkey', { token, response: JSON.stringify(input.response), redirect: false });
    } catch (e) {
      return refuse(refusalOf(e, 'passkey_sign_in_invalid'));
    }
    return { redirectTo: safeNext(input.next) };
  },
});

/** Lost every second factor: emails a link that turns two-step sign-in off (the password step was already passed). */
export const requestTwoStepResetAction = defineAction({
  name: 'auth.two-step-reset.request',
  auth: 'public',
  rateLimit: { policy: MAIL_POLICY, key: ({ request }) => ipKey(throttleKeys.twoStepResetIp, request.ip) },
  run: async ({ tx, request, now }) => {
    await requestTwoStepReset(tx, await secondStepToken(), request, now);
    return null;
  },
});

export const completeTwoStepResetAction = defineAction({
  name: 'auth.two-step-reset.complete',
  input: z.object({ token: z.string().min(1).max(200) }),
  auth: 'public',
  run: async ({ input, tx, now }) => ((await completeTwoStepReset(tx, input.token, now)) ? null : refuse({ code: 'link_expired' })),
});

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
    if (!created.ok) return 'reason' in created ? refuse(created.reason) : refuse(...created.reasons);
    try {
      await signIn('password', { identifier: input.username, password: input.password, redirect: false });
    } catch (e) {
      return refuse(refusalOf(e));
    }
    return { redirectTo: '/account?welcome=1' };
  },
});

/** "Forgot my password / PIN": the same answer whether or not an account matched (limited per network inside). */
export const forgot = defineAction({
  name: 'auth.forgot',
  input: forgotSchema.extend({ kind: resetKindSchema }),
  auth: 'public',
  ref: 'kind',
  run: async ({ input, tx, request, now }) => ((await requestReset(tx, input.kind, input.identifier, request, now)).ok ? null : refuse({ code: 'network_rate_limited' })),
});

export const resetPassword = defineAction({
  name: 'auth.reset-password',
  input: resetPasswordSchema,
  auth: 'public',
  run: async ({ input, tx, now }) => resetAnswer(await completeReset(tx, 'password', input.token, input.password, now), 'password'),
});

export const resetPin = defineAction({
  name: 'auth.reset-pin',
  input: resetPinSchema,
  auth: 'public',
  run: async ({ input, tx, now }) => resetAnswer(await completeReset(tx, 'pin', input.token, input.pin, now), 'pin'),
});

function resetAnswer(result: Awaited<ReturnType<typeof completeReset>>, field: 'password' | 'pin') {
  if (result.ok) return null;
  if (result.reason === 'weak') return refuse({ code: result.problem, field });
  return refuse({ code: 'link_expired' });
}
