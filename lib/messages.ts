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

  // The contact inbox (issue 15).
  contact_rate_limited: 'You sent several messages in a short time. Please wait an hour and try again. What you typed is still here.',
  contact_not_found: 'That message was not found.',
  contact_link_invalid: 'This link is not valid, has expired or was already used. Nothing was changed.',
  contact_unverified: 'This message is waiting for you to confirm your email address: use the link we emailed you.',
  contact_closed: 'This conversation is closed. To ask something new, write to us again.',
  contact_already_closed: 'This conversation is already closed.',
  contact_claim_first: 'Claim this message first: only the member of staff holding it can act on it.',
  contact_held_by: '{holder} is answering this message. Only they can act on it.',
  contact_held_by_other: 'Another member of staff holds this message: only they can act on it.',
  contact_being_claimed: 'Another member of staff is claiming this message right now. Try again in a moment.',
  contact_not_held: 'Nobody holds this message.',
  contact_release_not_yours: 'Another member of staff holds this message: only they or an administrator can release it.',
  contact_own_message: 'This is your own message: another member of staff must answer it.',
  contact_visitor_no_report: 'Only a signed-in customer’s message can become an inaccuracy report. Ask them to sign in and report it from their account.',
  contact_report_open: 'The customer already has an open report about this (#{id}). Add to it there, or answer the message.',
  contact_report_same_value: 'That is already what we hold. Enter the value it should be.',
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
