import 'server-only';
import { link, renderEmail } from './layout';

export type FactorKind = 'totp' | 'passkey' | 'recovery_codes';
const NAMES: Record<FactorKind, string> = { totp: 'An authenticator app', passkey: 'A passkey', recovery_codes: 'New recovery codes' };
const IF_NOT_YOU = 'If this was not you, open Security in your account now, choose "This wasn\'t me" and contact support.';

/** Two-step sign-in (issue 12): service mail, sent whatever the customer's marketing choices. */
export const twoFactorTemplates = {
  factorAdded: (kind: FactorKind, name?: string) =>
    renderEmail(
      kind === 'recovery_codes' ? 'New recovery codes were created' : `${NAMES[kind]} was added to your account`,
      [
        kind === 'recovery_codes'
          ? 'New recovery codes were created for your account. The old ones no longer work.'
          : `${NAMES[kind]}${name ? ` ("${name}")` : ''} can now be used to sign in to your account.`,
        IF_NOT_YOU,
      ],
      { label: 'Review your security', url: link('/account/security') },
    ),
  factorRemoved: (kind: Exclude<FactorKind, 'recovery_codes'>, name?: string, stillOn = true) =>
    renderEmail(`${NAMES[kind]} was removed from your account`, [
      `${NAMES[kind]}${name ? ` ("${name}")` : ''} was removed and can no longer be used to sign in.`,
      stillOn ? 'Two-step sign-in stays on with your other methods.' : 'Two-step sign-in is now off: you sign in with your password or PIN alone.',
      IF_NOT_YOU,
    ]),
  recoveryCodeUsed: (remaining: number) =>
    renderEmail('A recovery code was used to sign in', [
      `A recovery code was just used to sign in to your account. ${remaining} unused code${remaining === 1 ? '' : 's'} left.`,
      remaining <= 3 ? 'Create new recovery codes under Security in your account soon.' : 'Each code works once.',
      IF_NOT_YOU,
    ]),
  resetLink: (token: string, minutes: number) =>
    renderEmail(
      'Turn off two-step sign-in',
      [
        `Someone who knows your password asked to turn off two-step sign-in because they lost their authenticator app, passkeys and recovery codes. The link works once, for ${minutes} minutes.`,
        'If it was not you, ignore this email and change your password: your second step stays on.',
      ],
      { label: 'Turn off two-step sign-in', url: link(`/reset-two-step?token=${token}`) },
    ),
  resetDone: () =>
    renderEmail('Two-step sign-in was turned off', [
      'Two-step sign-in was turned off with the link we emailed: your authenticator app, passkeys and recovery codes were removed and every device was signed out.',
      'Set up a new second step under Security in your account. Staff accounts must do so before they can use staff pages.',
      IF_NOT_YOU,
    ]),
};
