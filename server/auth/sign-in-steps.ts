import 'server-only';
// The same class next-auth re-exports; imported from its source so this module loads without Next.js (tests).
import { CredentialsSignin } from '@auth/core/errors';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { passwordSignInSchema, pinSignInSchema } from '@/lib/validation/auth';
import { passkeyAssertionSchema, secondStepSchema } from '@/lib/validation/two-factor';
import { noticeNewDevice } from '../account/security';
import { env } from '../env';
import { log } from '../log';
import { contextFrom } from '../request';
import { verifyPasswordSignIn, verifyPinSignIn, type SignInOutcome } from './credentials';
import { completePasskeySignIn, completeSecondStep, startSecondStep } from './second-step';
import { createSession } from './sessions';

/*
 * What each Auth.js Credentials provider does (server/auth/next-auth.ts). A
 * session row is created in one place, issueSession, and only after every step
 * the account needs has passed (docs/decisions/026).
 */

type Refusal = { ok: false; reason: 'invalid' } | { ok: false; reason: 'locked'; retryAt: Date };

/** Carries why a sign-in failed to the action: `invalid` or `locked:<epoch ms>`. */
export class SignInRefused extends CredentialsSignin {
  constructor(outcome: Refusal) {
    super();
    this.code = outcome.reason === 'locked' ? `locked:${outcome.retryAt.getTime()}` : 'invalid';
  }
}

/**
 * The first step was right and the account has a second factor: no session, only
 * the opaque token of the waiting sign-in, which the action puts in a short-lived cookie.
 */
export class SecondStepRequired extends CredentialsSignin {
  readonly token: string;
  constructor(token: string) {
    super();
    this.code = 'second_step';
    this.token = token;
  }
}

/** The new-device notice for a session just started, and what Auth.js puts in the JWT. */
async function sessionStarted(userId: string, sessionId: string, request: Request) {
  await noticeNewDevice(userId, sessionId, contextFrom(request.headers)).catch((e: unknown) => log.error({ event: 'new_device_notice_failed', err: e }));
  return { id: userId, sessionId };
}

async function issueSession(userId: string, method: 'password' | 'pin' | 'passkey', secondFactor: 'totp' | 'passkey' | 'recovery_code' | null, request: Request) {
  const ctx = contextFrom(request.headers);
  const session = await createSession(getDb(), { userId, method, secondFactor, ip: ctx.ip, userAgent: ctx.userAgent });
  return sessionStarted(userId, session.id, request);
}

/** A one-step account's session was started by the credential check itself, with its history row (server/auth/credentials.ts). */
async function startSession(outcome: SignInOutcome, method: 'password' | 'pin', request: Request) {
  if (!outcome.ok) throw new SignInRefused(outcome);
  if (outcome.secondStep) throw new SecondStepRequired(await startSecondStep(getDb(), outcome.userId, method));
  return outcome.sessionId ? sessionStarted(outcome.userId, outcome.sessionId, request) : issueSession(outcome.userId, method, null, request);
}

const tokenSchema = z.string().min(1).max(200);
const secondStepCredentials = z.object({ token: tokenSchema, proof: z.string().max(40_000) });
const passkeyCredentials = z.object({ token: tokenSchema, response: z.string().max(40_000) });

/** Credentials arrive as strings: the proof is JSON, checked by the shared schema. */
function parseJson<T>(raw: string, schema: z.ZodType<T>): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}


/** The password or PIN step: a session, or (two-step accounts) SecondStepRequired, or a refusal. */
export async function authorizeFirstStep(method: 'password' | 'pin', raw: unknown, request: Request) {
  const ctx = contextFrom(request.headers);
  if (method === 'password') {
    const input = passwordSignInSchema.safeParse(raw);
    if (!input.success) throw new SignInRefused({ ok: false, reason: 'invalid' });
    return startSession(await verifyPasswordSignIn(input.data.identifier, input.data.password, ctx, undefined, { startSession: true }), 'password', request);
  }
  const input = pinSignInSchema(env().DEFAULT_PHONE_REGION).safeParse(raw);
  if (!input.success) throw new SignInRefused({ ok: false, reason: 'invalid' });
  return startSession(await verifyPinSignIn(input.data.mobile, input.data.pin, ctx, undefined, { startSession: true }), 'pin', request);
}

/** The second step: the waiting sign-in's token and one proof (authenticator code, recovery code or passkey). */
export async function authorizeSecondStep(raw: unknown, request: Request) {
  const input = secondStepCredentials.safeParse(raw);
  const proof = input.success ? parseJson(input.data.proof, secondStepSchema) : null;
  if (!input.success || !proof) throw new SignInRefused({ ok: false, reason: 'invalid' });
  const outcome = await completeSecondStep(input.data.token, proof, contextFrom(request.headers));
  if (!outcome.ok) throw new SignInRefused(outcome);
  return issueSession(outcome.userId, outcome.firstFactor === 'pin' ? 'pin' : 'password', outcome.secondFactor, request);
}

/** A passkey on its own (usernameless): the device verified its user, so this is two factors in one. */
export async function authorizePasskey(raw: unknown, request: Request) {
  const input = passkeyCredentials.safeParse(raw);
  const response = input.success ? parseJson(input.data.response, passkeyAssertionSchema) : null;
  if (!input.success || !response) throw new SignInRefused({ ok: false, reason: 'invalid' });
  const outcome = await completePasskeySignIn(input.data.token, response, contextFrom(request.headers));
  if (!outcome.ok) throw new SignInRefused({ ok: false, reason: 'invalid' });
  return issueSession(outcome.userId, 'passkey', null, request);
}
