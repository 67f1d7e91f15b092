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
