import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { getDb, type DbOrTx, type Tx } from '@/db/client';
import { loginEvents, passkeys, recoveryCodes, totpCredentials, users } from '@/db/schema';
import { SECOND_STEP_ATTEMPTS, SECOND_STEP_MINUTES } from '@/lib/two-factor';
import type { PasskeyAssertion, SecondStepInput } from '@/lib/validation/two-factor';
import { clock } from '../clock';
import type { RequestContext } from '../request';
import { bumpAttempts, createChallenge, lockChallenge, peekChallenge, updateChallenge, type ChallengeRow } from './challenges';
import { mailRecoveryCodeUsed } from './factors';
import { passkeyAuthenticationOptions, verifyPasskeyAssertion } from './passkeys';
import { spendRecoveryCode } from './recovery-codes';
import { checkTotp } from './totp';
import { PIN_POLICY, withThrottle } from './throttle';

/*
 * The second step of a sign-in (docs/decisions/026). The first step (password
 * or PIN), when right for an account with a second factor, issues nothing but a
 * `second_step` challenge: a row holding a keyed hash of an opaque token that
 * the browser keeps in a short-lived cookie. No session row and no session
 * cookie exist until a factor proves the second step here; only then does
 * Auth.js create the session (server/auth/next-auth.ts).
 */

type FirstFactor = NonNullable<ChallengeRow['firstFactor']>;
export type SecondStepOutcome =
  | { ok: true; userId: string; firstFactor: FirstFactor; secondFactor: SecondStepInput['kind'] }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'locked'; retryAt: Date };

/** The throttle key of an account's second factors: 5 wrong tries, then a growing lock (the PIN policy). */
export const secondFactorThrottleKey = (userId: string) => `2fa:${userId}`;

export async function startSecondStep(db: DbOrTx, userId: string, firstFactor: FirstFactor, now = clock.now()): Promise<string> {
  return createChallenge(db, { purpose: 'second_step', userId, firstFactor, minutes: SECOND_STEP_MINUTES }, now);
}

/** Which second steps the waiting sign-in can offer, or null when there is no live one. */
export async function secondStepMethods(token: string, now = clock.now()) {
  const db = getDb();
  const row = await peekChallenge(db, 'second_step', token, now);
  if (!row?.userId) return null;
  const [m] = await db
    .select({
      totp: sql<boolean>`exists (select 1 from ${totpCredentials} t where t.user_id = ${row.userId} and t.confirmed_at is not null)`,
      passkey: sql<boolean>`exists (select 1 from ${passkeys} p where p.user_id = ${row.userId})`,
      recoveryCode: sql<boolean>`exists (select 1 from ${recoveryCodes} r where r.user_id = ${row.userId} and r.used_at is null)`,
    })
    .from(users)
    .where(eq(users.id, row.userId));
  return m ? { ...m, expiresAt: row.expiresAt } : null;
}

/** WebAuthn options for the waiting sign-in (its own passkeys); the challenge is kept on the waiting row. */
export async function secondStepPasskeyOptions(tx: Tx, token: string, now = clock.now()) {
  const row = await lockChallenge(tx, 'second_step', token, now);
  if (!row?.userId) return null;
  const options = await passkeyAuthenticationOptions(tx, row.userId, 'preferred');
  await updateChallenge(tx, row.id, { webauthnChallenge: options.challenge });
  return options;
}

/**
 * Proves a second factor of `userId`: an authenticator code (once per time
 * step), an unused recovery code (used up, and the account is emailed), or a
 * passkey assertion against `webauthnChallenge`. Runs inside the caller's throttle.
 */
export async function proveSecondFactor(tx: Tx, userId: string, proof: SecondStepInput, webauthnChallenge: string | null, now: Date): Promise<boolean> {
  if (proof.kind === 'totp') return (await checkTotp(tx, userId, proof.code, true, now)) === 'ok';
  if (proof.kind === 'recovery_code') {
    const used = await spendRecoveryCode(tx, userId, proof.code, now);
    if (used) await mailRecoveryCodeUsed(tx, userId);
    return used;
  }
  if (!webauthnChallenge) return false;
  return (await verifyPasskeyAssertion(tx, proof.response, webauthnChallenge, { userId, requireUserVerification: false }, now)).ok;
}

/**
 * The second step, called by Auth.js's authorize (sign-in-steps.ts), not by an
 * action's transaction: like the first step (credentials.ts) it is a sign-in
 * credential check and runs in a transaction of its own, whose attempt counts
 * commit whatever the answer. So does completePasskeySignIn.
 *
 * Every failure (unknown, expired or used-up token, wrong,
 * replayed or malformed code, a bad assertion) gives the same answer; each
 * wrong try counts against the waiting sign-in (5, then it is dropped) and
 * against the account's second-factor throttle.
 */
export async function completeSecondStep(token: string, proof: SecondStepInput, ctx: RequestContext, now = clock.now()): Promise<SecondStepOutcome> {
  return getDb().transaction(async (tx) => {
    const row = await lockChallenge(tx, 'second_step', token, now);
    if (!row?.userId || !row.firstFactor) return { ok: false, reason: 'invalid' } as const;
    const userId = row.userId;
    const challenge = row.webauthnChallenge;
    // A WebAuthn challenge answers one assertion only.
    if (proof.kind === 'passkey' && challenge) await updateChallenge(tx, row.id, { webauthnChallenge: null });
    const outcome = await withThrottle(tx, { identifier: secondFactorThrottleKey(userId), identifierPolicy: PIN_POLICY, ip: ctx.ip }, now, async () => {
      const ok = await proveSecondFactor(tx, userId, proof, challenge, now);
      return { success: ok, value: ok };
    });
    const passed = outcome.status === 'done' && outcome.value;
    if (passed) await updateChallenge(tx, row.id, { consumedAt: now });
    else if (outcome.status === 'done') await bumpAttempts(tx, row.id, SECOND_STEP_ATTEMPTS, now);
    await tx.insert(loginEvents).values({
      userId,
      success: passed,
      method: proof.kind,
      reason: passed ? 'ok' : outcome.status === 'locked' ? 'locked' : 'bad_second_factor',
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      createdAt: now,
    });
    if (outcome.status === 'locked') return { ok: false, reason: 'locked', retryAt: outcome.retryAt } as const;
    return passed ? ({ ok: true, userId, firstFactor: row.firstFactor, secondFactor: proof.kind } as const) : ({ ok: false, reason: 'invalid' } as const);
  });
}

const PASSKEY_SIGN_IN_MINUTES = 5;

/** Starts a usernameless passkey sign-in: a challenge any of this site's discoverable passkeys can answer, with user verification. */
export async function startPasskeySignIn(tx: Tx, now = clock.now()) {
  const options = await passkeyAuthenticationOptions(tx, null, 'required');
  const token = await createChallenge(tx, { purpose: 'passkey_sign_in', webauthnChallenge: options.challenge, minutes: PASSKEY_SIGN_IN_MINUTES }, now);
  return { token, options };
}

/** Completes a usernameless passkey sign-in; the challenge is used up whatever the outcome. */
export async function completePasskeySignIn(token: string, response: PasskeyAssertion, ctx: RequestContext, now = clock.now()): Promise<{ ok: true; userId: string } | { ok: false }> {
  return getDb().transaction(async (tx) => {
    const row = await lockChallenge(tx, 'passkey_sign_in', token, now);
    if (!row?.webauthnChallenge) return { ok: false } as const;
    await updateChallenge(tx, row.id, { consumedAt: now });
    const result = await verifyPasskeyAssertion(tx, response, row.webauthnChallenge, { requireUserVerification: true }, now);
    const [user] = result.userId ? await tx.select({ status: users.status }).from(users).where(eq(users.id, result.userId)) : [];
    const ok = result.ok && !!user && user.status !== 'disabled';
    await tx.insert(loginEvents).values({ userId: result.userId, success: ok, method: 'passkey', reason: ok ? 'ok' : 'bad_credentials', ip: ctx.ip, userAgent: ctx.userAgent, createdAt: now });
    return ok ? ({ ok: true, userId: result.userId! } as const) : ({ ok: false } as const);
  });
}
