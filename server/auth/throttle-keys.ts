/*
 * Every throttle key, built in one place. A key is `<what>:<identifier>`: the
 * identifier it counts comes last, after the colon, so that the purge of an
 * account (server/privacy/purge.ts) finds every row that names it by that suffix.
 */

export const throttleKeys = {
  /** Failed sign-ins (and re-authentications) with a password, per username or email typed. */
  password: (usernameOrEmail: string) => `pw:${usernameOrEmail}`,
  /** Failed sign-ins (and re-authentications) with a PIN, per mobile number. */
  pin: (mobile: string | null) => `pin:${mobile}`,
  /** Failed attempts of any kind from one network. */
  ip: (ip: string) => `ip:${ip}`,
  signUpIp: (ip: string) => `signup-ip:${ip}`,
  signUpUsername: (username: string) => `signup-username:${username}`,
  signUpEmail: (normalizedEmail: string) => `signup-email:${normalizedEmail}`,
  signUpMobile: (mobile: string) => `signup-mobile:${mobile}`,
  verifyEmail: (userId: string) => `verify-email:${userId}`,
  verifyResendIp: (ip: string) => `verify-resend-ip:${ip}`,
  mobileVerify: (userId: string) => `mobile-verify:${userId}`,
  /** Code requests for a new email address or mobile number, per account. */
  contactChange: (kind: 'email' | 'mobile', userId: string) => `${kind}_change:${userId}`,
  resetIp: (ip: string) => `reset-ip:${ip}`,
  reset: (kind: string, identifier: string) => `reset:${kind}:${identifier}`,
  recoverySms: (mobile: string) => `recovery-sms:${mobile}`,
  recoverCodeIp: (ip: string) => `recover-code-ip:${ip}`,
  twoStepReset: (userId: string) => `two-step-reset:${userId}`,
  twoStepResetIp: (ip: string) => `two-step-reset-ip:${ip}`,
  passkeyIp: (ip: string) => `passkey-ip:${ip}`,
  reportCode: (userId: string) => `report-code:${userId}`,
  consentConfirm: (userId: string) => `consent-confirm:${userId}`,
  staffConsentLookup: (staffUserId: string) => `staff-consent-lookup:${staffUserId}`,
  contactIp: (ip: string) => `contact-ip:${ip}`,
  contactAddress: (address: string) => `contact-addr:${address}`,
  contactLinkIp: (ip: string) => `contact-link-ip:${ip}`,
  contactReply: (userId: string) => `contact-reply:${userId}`,
} as const;

/** The key for a client address, or null when none is known (the limit is then skipped). */
export const ipKey = (make: (ip: string) => string, ip: string | null | undefined) => (ip ? make(ip) : null);
