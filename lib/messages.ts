/**
 * The words users see for every typed reason `server/` returns or throws.
 * One wording per reason: server code names the reason (`{ code: 'needs_reauth' }`),
 * never the sentence, so a wording is changed here once. `{name}` placeholders are
 * filled from the reason's params.
 */
export const MESSAGES = {
  session_ended: 'Your session has ended. Sign in again to continue.',
  staff_only: 'Only staff can do this.',
  admin_only: 'Only admins can do this.',
  needs_reauth: 'For your security, confirm it is you again first.',
  too_many_attempts: 'Too many attempts. Try again later.',
  rate_limited: 'Too many requests. Please wait a few minutes and try again.',
  unknown_request: 'Unknown request.',
  unexpected: 'Something went wrong on our side. Please try again. Reference: {reference}',
  wrong_password: 'That password is not right.',
  wrong_pin: 'That PIN is not right.',
  account_not_found: 'Your account could not be found.',
  already_your_email: 'That is already your email address.',
  already_your_mobile: 'That is already your mobile number.',
  email_in_use: 'An account already uses this email address.',
  mobile_in_use: 'An account already uses this mobile number.',
  code_wrong: 'That code is not right. Check it and try again.',
  code_exhausted: 'Too many wrong codes. Ask for a new one.',
  code_expired: 'That code has expired. Ask for a new one.',
  codes_rate_limited: 'You asked for several codes in a short time. Wait 15 minutes and try again.',
  // One answer whichever limit it was (the network, or the username, email or mobile typed): it says nothing about any account.
  sign_up_rate_limited: 'Too many attempts to create an account with these details or from your network. Please try again later.',
} as const satisfies Record<string, string>;

export type MessageCode = keyof typeof MESSAGES;

/** A typed reason: what went wrong, optionally which field it belongs to and values for the wording. */
export interface Reason {
  code: MessageCode;
  field?: string;
  params?: Record<string, string | number>;
}

export function messageFor(reason: Reason): string {
  const template: string = MESSAGES[reason.code];
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (reason.params && key in reason.params ? String(reason.params[key]) : whole));
}
