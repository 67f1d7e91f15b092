'use server';
import { z } from 'zod';
import { passkeyIdSchema, registerPasskeySchema, renamePasskeySchema, secondStepSchema, totpConfirmSchema } from '@/lib/validation/two-factor';
import {
  addPasskey,
  confirmTotpSetup,
  passkeyOptionsFor,
  reauthChallengeOf,
  reauthPasskeyOptions,
  regenerateRecoveryCodes,
  removeOwnPasskey,
  removeOwnTotp,
  renameOwnPasskey,
  startTotpSetup,
} from '@/server/account/two-factor';
import { reauthenticateSecondFactor } from '@/server/auth/reauth';
import { DomainError, defineAction, refuse } from '@/server/core/action';

/*
 * Two-step sign-in on /account/security (issue 12). Adding a factor proves it;
 * removing one, or replacing the recovery codes, needs a fresh re-authentication
 * (for staff, including their second factor). A refused removal rolls back.
 */

export const beginTotpSetupAction = defineAction({
  name: 'two-factor.totp.begin',
  auth: 'customer',
  run: ({ tx, actor, now }) => startTotpSetup(tx, actor, now),
});

export const confirmTotpSetupAction = defineAction({
  name: 'two-factor.totp.confirm',
  refresh: true,
  input: totpConfirmSchema,
  auth: 'customer',
  run: async ({ tx, actor, input, request, now }) => {
    const r = await confirmTotpSetup(tx, actor, input.code, request, now);
    // refuse(), not throw: the throttle's count of the wrong code must stay.
    return 'refused' in r ? refuse(r.refused) : r;
  },
});

export const removeTotpAction = defineAction({
  name: 'two-factor.totp.remove',
  refresh: true,
  auth: 'customer',
  fresh: true,
  run: async ({ tx, actor }) => {
    const r = await removeOwnTotp(tx, actor);
    if ('refused' in r) throw new DomainError(r.refused);
    return r;
  },
});

export const passkeyRegistrationOptionsAction = defineAction({
  name: 'two-factor.passkey.options',
  auth: 'customer',
  run: ({ tx, actor, now }) => passkeyOptionsFor(tx, actor, now),
});

export const registerPasskeyAction = defineAction({
  name: 'two-factor.passkey.register',
  refresh: true,
  input: registerPasskeySchema,
  auth: 'customer',
  run: async ({ tx, actor, input, now }) => {
    const r = await addPasskey(tx, actor, input.name, input.response, now);
    // refuse(): the used-up challenge stays used up.
    return 'refused' in r ? refuse(r.refused) : r;
  },
});

export const renamePasskeyAction = defineAction({
  name: 'two-factor.passkey.rename',
  refresh: true,
  input: renamePasskeySchema,
  auth: 'customer',
  run: async ({ tx, actor, input }) => {
    const r = await renameOwnPasskey(tx, actor, input.id, input.name);
    return r ? refuse(r.refused) : null;
  },
});

export const removePasskeyAction = defineAction({
  name: 'two-factor.passkey.remove',
  refresh: true,
  input: passkeyIdSchema,
  auth: 'customer',
  fresh: true,
  run: async ({ tx, actor, input }) => {
    const r = await removeOwnPasskey(tx, actor, input.id);
    if ('refused' in r) throw new DomainError(r.refused);
    return r;
  },
});

export const regenerateRecoveryCodesAction = defineAction({
  name: 'two-factor.recovery.regenerate',
  refresh: true,
  auth: 'customer',
  fresh: true,
  run: async ({ tx, actor, now }) => {
    const r = await regenerateRecoveryCodes(tx, actor, now);
    if ('refused' in r) throw new DomainError(r.refused);
    return r;
  },
});

export const reauthPasskeyOptionsAction = defineAction({
  name: 'two-factor.reauth.passkey-options',
  auth: 'customer',
  run: ({ tx, actor, now }) => reauthPasskeyOptions(tx, actor, now),
});

/** Re-proves the second factor (staff re-authentication: the window for sensitive staff actions needs it too). */
export const reauthenticateFactorAction = defineAction({
  name: 'two-factor.reauth',
  input: z.object({ proof: secondStepSchema }),
  auth: 'customer',
  run: async ({ tx, actor, session, input, request, now }) => {
    const challenge = await reauthChallengeOf(tx, actor, input.proof, now);
    const r = await reauthenticateSecondFactor(tx, session.session.id, actor.userId, input.proof, challenge, request, now);
    if (r.ok) return null;
    return refuse(r.reason === 'locked' ? { code: 'too_many_attempts' } : { code: 'reauth_factor_wrong', field: input.proof.kind === 'passkey' ? undefined : 'code' });
  },
});
