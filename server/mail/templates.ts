import 'server-only';
import { renderEmail as render, link } from './layout';

export const templates = {
  // Inaccuracy reports (issue 4): service messages, never promotional. Values stay out of mail; the link shows them after sign-in.
  reportCode: (code: string, reportId: number) =>
    render(`Your code to confirm report #${reportId}`, [
      `Your code is ${code}. Enter it on the page where you reported inaccurate information (report #${reportId}). It expires in 10 minutes.`,
      'If you did not report anything, ignore this email: nothing is sent for review without the code.',
    ]),
  reportReceived: (reportId: number, item: string, due: string) =>
    render(
      `We received your report #${reportId}`,
      [`Thank you for telling us that your ${item.toLowerCase()} may be wrong. A member of staff will review report #${reportId} and answer by ${due}.`, 'While we review it, the item shows as disputed in your account.'],
      { label: 'Follow your report', url: link(`/account/reports/${reportId}`) },
    ),
  reportStatus: (reportId: number, item: string, status: string, reason?: string | null) =>
    render(
      `Report #${reportId}: ${status.toLowerCase()}`,
      [`Your report #${reportId} about your ${item.toLowerCase()} is now: ${status}.`, ...(reason ? [`What we said: ${reason}`] : [])],
      { label: 'See your report', url: link(`/account/reports/${reportId}`) },
    ),
  reportExtended: (reportId: number, item: string, due: string, reason: string) =>
    render(
      `Report #${reportId}: we need more time`,
      [`We extended the deadline of your report #${reportId} about your ${item.toLowerCase()} to ${due}.`, `Why: ${reason}`, 'We can extend a deadline only once.'],
      { label: 'See your report', url: link(`/account/reports/${reportId}`) },
    ),
  roleChanged: (role: 'customer' | 'staff' | 'admin', pinRemoved: boolean) =>
    render('Your account role was changed', [
      role === 'customer' ? 'An administrator ended your staff access. Your account is a customer account again.' : `An administrator gave your account ${role === 'admin' ? 'administrator' : 'staff'} access.`,
      ...(pinRemoved ? ['Staff accounts cannot sign in with a PIN, so your PIN was removed: sign in with your password.'] : []),
      'You were signed out everywhere; sign in again to continue. If you did not expect this, contact support.',
    ]),
  passwordReset: (token: string, minutes: number) =>
    render('Reset your password', [`Someone asked to reset the password of your account. The link works once, for ${minutes} minutes.`, 'If it was not you, ignore this email: your password stays as it is.'], {
      label: 'Choose a new password',
      url: link(`/reset-password?token=${token}`),
    }),
  pinReset: (token: string, minutes: number) =>
    render('Reset your PIN', [`Someone asked to reset the PIN of your account. The link works once, for ${minutes} minutes.`, 'If it was not you, ignore this email: your PIN stays as it is.'], {
      label: 'Choose a new PIN',
      url: link(`/reset-pin?token=${token}`),
    }),
  verifyEmail: (token: string) =>
    render('Confirm your email address', ['Confirm this address so we can reach you about your account and help you if you forget your password.'], {
      label: 'Confirm my email address',
      url: link(`/verify-email?token=${token}`),
    }),
  confirmNewEmail: (code: string) =>
    render('Your code to confirm this email address', [`Your code is ${code}. Enter it on the page where you asked to change your email address. It expires in 10 minutes.`, 'If you did not ask for this, ignore this email: nothing changes without the code.']),
  contactChanged: (what: 'email' | 'mobile' | 'mobile-removed', othersSignedOut = false) =>
    render(
      what === 'email' ? 'Your email address was changed' : what === 'mobile' ? 'Your mobile number was changed' : 'Your mobile number was removed',
      [
        what === 'email'
          ? `The email address of your account was just changed. We will write to the new address from now on.${othersSignedOut ? ' Your other devices were signed out.' : ''}`
          : what === 'mobile'
            ? 'The mobile number of your account was just changed.'
            : 'The mobile number of your account was just removed, and with it sign-in with a PIN.',
        'If this was not you, reset your password now from the sign-in page and contact support.',
      ],
    ),
  secretChanged: (what: 'password' | 'PIN', signedOut: 'all' | 'others' | 'none' = 'all', removed?: 'mobile' | 'pin') =>
    render(`Your ${what} was changed`, [
      signedOut === 'none'
        ? `The ${what} of your account was just changed. Your other devices stay signed in: you can sign them out under Security.`
        : `The ${what} of your account was just changed and ${signedOut === 'all' ? 'every device was' : 'your other devices were'} signed out.`,
      ...(removed
        ? [
            removed === 'mobile'
              ? 'We also removed the mobile number and PIN of the account: they were never confirmed as yours. If they are yours, add them again under Profile and Security.'
              : 'We also removed the PIN of the account: it was never confirmed as yours. If it is yours, set it again under Security.',
          ]
        : []),
      'If this was not you, reset it now from the sign-in page and contact support.',
    ]),
  passwordRecovered: () =>
    render('Your password was changed', [
      'The password of your account was just changed with a code texted to its mobile number, and every device was signed out.',
      'If this was not you, reset your password now from the sign-in page and contact support.',
    ]),
  pinRemoved: () => render('Sign-in with a PIN was turned off', ['The PIN of your account was removed: you now sign in with your password only.', 'If this was not you, reset your password now from the sign-in page.']),
  accountSecured: (token: string, minutes: number) =>
    render(
      'We secured your account',
      [
        'You told us a sign-in was not you. We signed out every device and switched off your password and PIN.',
        `Choose a new password with the link below (it works once, for ${minutes} minutes). You can set a new PIN after signing in. If the link expires, use "Forgot your password?" on the sign-in page.`,
      ],
      { label: 'Choose a new password', url: link(`/reset-password?token=${token}`) },
    ),
  newDevice: (device: string, ip: string | null, at: Date) =>
    render('New sign-in to your account', [
      `Your account was just signed in to from ${device}${ip ? ` (IP address ${ip})` : ''} at ${at.toISOString().replace('T', ' ').slice(0, 16)} UTC.`,
      'If this was you, there is nothing to do. If not, open Security in your account, choose "This wasn\'t me" and we will lock the intruder out.',
    ]),
};
