import 'server-only';
import { eq } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { totpCredentials, users } from '@/db/schema';
import type { Reason } from '@/lib/messages';
import type { PasskeyAssertion, PasskeyAttestation, SecondStepInput } from '@/lib/validation/two-factor';
import { consumeChallenge, createChallenge } from '../auth/challenges';
import { afterFactorAdded, afterFactorRemoved, hasSecondFactor, mailRecoveryCodesRegenerated } from '../auth/factors';
import { passkeyAuthenticationOptions, passkeyRegistrationOptions, registerPasskey, removePasskey, renamePasskey } from '../auth/passkeys';
import { issueRecoveryCodes } from '../auth/recovery-codes';
import { secondFactorThrottleKey } from '../auth/second-step';
import { isStaffRole } from '../auth/sessions';
import { PIN_POLICY, withThrottle } from '../auth/throttle';
import { beginTotpSetup, checkTotp, removeTotp } from '../auth/totp';
import type { Actor } from '../core/actor';
import type { RequestContext } from '../request';

/*
 * Managing one's own second factors from /account/security (issue 12). Every
 * function takes the checked actor and the action's transaction; refusals are
 * typed reasons (lib/messages.ts). Adding a factor proves it first (a code from
 * the app, a passkey's attestation); removing one needs a fresh re-authentication
 * (the action's `fresh`), and staff may not remove their last one.
 */

type Refused = { refused: Reason };

async function accountOf(tx: Tx, userId: string) {
  const [u] = await tx.select({ username: users.username, email: users.email, role: users.role }).from(users).where(eq(users.id, userId));
  if (!u) throw new Error('two-factor: the actor has no account row');
  return u;
}

export async function startTotpSetup(tx: Tx, actor: Actor, now: Date) {
  const u = await accountOf(tx, actor.userId);
  const { secret, qrSvg } = await beginTotpSetup(tx, actor.userId, u.username, now);
  return { secret, qrSvg, secretGrouped: secret.match(/.{1,4}/g)!.join(' ') };
}

export async function alreadyHasTotp(tx: Tx, userId: string) {
  const [row] = await tx.select({ confirmedAt: totpCredentials.confirmedAt }).from(totpCredentials).where(eq(totpCredentials.userId, userId));
  return !!row?.confirmedAt;
}

/** The first code from the app turns it on (under the second-factor throttle); the first factor of an account also gets its recovery codes. */
export async function confirmTotpSetup(tx: Tx, actor: Actor, code: string, ctx: RequestContext, now: Date): Promise<{ recoveryCodes: string[] | null } | Refused> {
  if (await alreadyHasTotp(tx, actor.userId)) return { refused: { code: 'totp_exists' } };
  const outcome = await withThrottle(tx, { identifier: secondFactorThrottleKey(actor.userId), identifierPolicy: PIN_POLICY, ip: ctx.ip }, now, async () => {
    const check = await checkTotp(tx, actor.userId, code, false, now);
    return { success: check === 'ok', value: check };
  });
  if (outcome.status === 'locked') return { refused: { code: 'too_many_attempts', field: 'code' } };
  if (outcome.value !== 'ok') return { refused: { code: 'totp_code_wrong', field: 'code' } };
  return afterFactorAdded(tx, actor.userId, actor.sessionId, 'totp', undefined, now);
}

async function mayRemove(tx: Tx, actor: Actor): Promise<Reason | null> {
  const u = await accountOf(tx, actor.userId);
  // Checked after the removal inside the same transaction: a refusal rolls it back (DomainError in the action).
  return isStaffRole(u.role) && !(await hasSecondFactor(tx, actor.userId)) ? { code: 'last_factor_staff' } : null;
}

export async function removeOwnTotp(tx: Tx, actor: Actor): Promise<{ stillOn: boolean } | Refused> {
  if (!(await alreadyHasTotp(tx, actor.userId))) return { refused: { code: 'totp_not_found' } };
  await removeTotp(tx, actor.userId);
  const refusal = await mayRemove(tx, actor);
  if (refusal) return { refused: refusal };
  return afterFactorRemoved(tx, actor.userId, 'totp');
}

export async function passkeyOptionsFor(tx: Tx, actor: Actor, now: Date) {
  const u = await accountOf(tx, actor.userId);
  return passkeyRegistrationOptions(tx, { id: actor.userId, username: u.username }, now);
}

export async function addPasskey(tx: Tx, actor: Actor, name: string, response: PasskeyAttestation, now: Date): Promise<{ recoveryCodes: string[] | null } | Refused> {
  const result = await registerPasskey(tx, actor.userId, response, name, now);
  if (!result.ok) return { refused: { code: result.reason } };
  return afterFactorAdded(tx, actor.userId, actor.sessionId, 'passkey', name, now);
}

export async function renameOwnPasskey(tx: Tx, actor: Actor, id: string, name: string): Promise<null | Refused> {
  return (await renamePasskey(tx, actor.userId, id, name)) ? null : { refused: { code: 'passkey_not_found' } };
}

export async function removeOwnPasskey(tx: Tx, actor: Actor, id: string): Promise<{ stillOn: boolean } | Refused> {
  const removed = await removePasskey(tx, actor.userId, id);
  if (!removed) return { refused: { code: 'passkey_not_found' } };
  const refusal = await mayRemove(tx, actor);
  if (refusal) return { refused: refusal };
  return afterFactorRemoved(tx, actor.userId, 'passkey', removed.name);
}

export async function regenerateRecoveryCodes(tx: Tx, actor: Actor, now: Date): Promise<{ codes: string[] } | Refused> {
  if (!(await hasSecondFactor(tx, actor.userId))) return { refused: { code: 'no_second_factor' } };
  const codes = await issueRecoveryCodes(tx, actor.userId, now);
  await mailRecoveryCodesRegenerated(tx, actor.userId);
  return { codes };
}

const REAUTH_PASSKEY_MINUTES = 5;

/** WebAuthn options to re-prove a passkey (staff re-authentication). */
export async function reauthPasskeyOptions(tx: Tx, actor: Actor, now: Date) {
  const options = await passkeyAuthenticationOptions(tx, actor.userId, 'preferred');
  await createChallenge(tx, { purpose: 'passkey_reauth', userId: actor.userId, webauthnChallenge: options.challenge, minutes: REAUTH_PASSKEY_MINUTES }, now);
  return options;
}

/** The challenge a passkey answer signed, if it is a live re-authentication challenge of this account (used up). */
export async function reauthChallengeOf(tx: Tx, actor: Actor, proof: SecondStepInput, now: Date): Promise<string | null> {
  if (proof.kind !== 'passkey') return null;
  const challenge = challengeIn(proof.response);
  if (!challenge) return null;
  return (await consumeChallenge(tx, { purpose: 'passkey_reauth', userId: actor.userId, webauthnChallenge: challenge }, now)) ? challenge : null;
}

function challengeIn(response: PasskeyAssertion): string | null {
  try {
    const data = JSON.parse(Buffer.from(response.response.clientDataJSON, 'base64url').toString('utf8')) as { challenge?: unknown };
    return typeof data.challenge === 'string' ? data.challenge : null;
  } catch {
    return null;
  }
}
