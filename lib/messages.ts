/**
 * The words users see for every typed reason `server/` returns or throws.
 * One wording per reason: server code names the reason (`{ code: 'needs_reauth' }`),
 * never the sentence, so a wording is changed here once. `{name}` placeholders are
 * filled from the reason's params.
 */
export const MESSAGES = {
  session_ended: 'Your session has ended. Sign in again to continue.',
  staff_only: 'Only staff can do this.',
  admin_only: 'Only administrators can do this.',
  needs_reauth: 'For your security, confirm it is you again first.',
  too_many_attempts: 'Too many attempts. Try again later.',
  rate_limited: 'Too many requests. Please wait a few minutes and try again.',
  unknown_request: 'Unknown request.',
  session_not_found: 'That session was not found.',
  session_already_ended: 'That session was not found. It may have ended already.',
  unexpected: 'Something went wrong on our side. Please try again. Reference: {reference}',
  unreachable: 'Something went wrong on our side. Please try again.',
  // One-time codes typed by the customer.
  code_wrong: 'That code is not right. Check it and try again.',
  code_expired: 'That code has expired. Ask for a new one.',
  code_exhausted: 'Too many wrong codes. Ask for a new one.',
  codes_rate_limited: 'You asked for several codes in a short time. Wait 15 minutes and try again.',
  // Confirming the mobile number (PIN sign-in needs it) and the email address.
  no_mobile: 'Your account has no mobile number. Add one in your profile first.',
  mobile_already_confirmed: 'Your mobile number is already confirmed.',
  code_for_other_number: 'That code was sent to a number your account no longer uses. Ask for a new one.',
  email_already_confirmed: 'Your email address is already confirmed.',
  links_rate_limited: 'You asked for several links in a short time. Wait 15 minutes and try again.',
  verify_link_unknown: 'We cannot send a new link for this one. Sign in and ask for a new link from your account.',
  // Recovery by a code texted to a confirmed mobile number.
  recovery_code_invalid: 'That code is not right, or it has expired. Check it, or ask for a new one.',
  network_rate_limited: 'Too many requests from your network. Please wait 15 minutes and try again.',
  password_common: 'This password is too common or easy to guess. Try a few unrelated words.',
  password_context: 'Your password must not contain your username or email address',
  // What those flows answer when they worked.
  mobile_code_sent: 'We texted a code to {mobile}. It expires in 10 minutes.',
  mobile_confirmed: 'Your mobile number is confirmed. You can now sign in with it and your PIN.',
  mobile_unconfirmed: 'Until you confirm {mobile} with the code we text to it, you cannot sign in with it and your PIN.',
  verify_link_sent: 'We sent a new link to {email}. It works for 7 days; earlier links no longer work.',
  verify_link_sent_from_link: 'We sent a new link to the same address. It works for 7 days; earlier links no longer work.',
  email_unconfirmed: 'Your email address {email} is not confirmed yet. Confirm it so we can reach you and help you if you forget your password.',
  recovery_code_sent: 'If an account has this mobile number confirmed and its email address is not confirmed, we texted it a code. It expires in 10 minutes.',
  reset_link_sent_pin: 'If an account matches what you entered and has a confirmed email address, we have sent it a link to reset your PIN. The link works once, for 30 minutes. Check your inbox and spam folder.',
  reset_link_sent_password: 'If an account matches what you entered, we have sent a link to reset your password to its email address. The link works once, for 30 minutes. Check your inbox and spam folder.',
  // Sign-in and two-step sign-in (issue 12).
  sign_in_invalid: 'The details you entered do not match an account. Check them and try again.',
  sign_in_locked: 'Too many attempts. For your security, sign-in is paused. Try again in {wait}.',
  second_step_invalid: 'That did not work. Check it and try again. If it keeps failing, start signing in again.',
  second_step_locked: 'Too many attempts. For your security, the second step is paused. Try again in {wait}, or start signing in again later.',
  passkey_sign_in_invalid: 'That passkey did not sign you in. Try again, or sign in with your password.',
  second_factor_required: 'Staff accounts need two-step sign-in. Set up an authenticator app or a passkey first.',
  totp_not_started: 'Start setting up the app again: that setup has ended.',
  totp_code_wrong: 'That code is not right. Enter the newest code your app shows (check that your phone’s clock is right).',
  totp_exists: 'An authenticator app is already set up. Remove it first to set up another one.',
  totp_not_found: 'No authenticator app is set up.',
  passkey_invalid: 'That passkey could not be checked. Try again.',
  passkey_duplicate: 'That passkey is already added to your account.',
  passkey_not_found: 'That passkey was not found. It may have been removed already.',
  passkey_cancelled: 'The passkey request was cancelled or timed out. Try again when you are ready.',
  passkey_unsupported: 'This browser cannot use passkeys. Use an authenticator app instead.',
  last_factor_staff: 'Staff accounts must keep a second step. Add another one before you remove this one.',
  no_second_factor: 'Set up an authenticator app or a passkey first.',
  reauth_wrong: 'That is not right.',
  reauth_factor_wrong: 'That second step did not work. Check it and try again.',
  link_expired: 'This link has expired or was already used. Ask for a new one.',

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
  wrong_password: 'That password is not right.',
  current_password_wrong: 'Your current password is not right.',
  pin_staff: 'Staff accounts cannot use a PIN.',
  pin_needs_mobile: 'Add a mobile number first: you sign in with it and your PIN.',
  wrong_pin: 'That PIN is not right.',
  account_not_found: 'Your account could not be found.',
  already_your_email: 'That is already your email address.',
  already_your_mobile: 'That is already your mobile number.',
  email_in_use: 'An account already uses this email address.',
  mobile_in_use: 'An account already uses this mobile number.',
  username_taken: 'This username is taken. Choose another.',
  email_taken_at_sign_up: 'An account already uses this email address. Sign in or reset your password instead.',
  // Staff powers checked against the database (campaigns, policy, staff roles).
  roles_admins_only: 'Only administrators can change roles.',
  role_no_account: 'No account has that username or email address.',
  role_own: 'You cannot change your own role.',
  role_account_inactive: 'That account is not active.',
  role_already_admin: '{username} is already an administrator.',
  role_already_staff: '{username} is already staff.',
  role_not_staff: 'That person is not staff.',
  policy_version_taken: 'A version with this label exists already. Choose another label.',
  policy_version_not_found: 'That policy version was not found.',
  campaign_not_found: 'That campaign was not found.',
  campaign_finished: 'This campaign has finished already: there is nothing left to stop.',
  campaign_no_audience: 'Nobody can receive {topic} now: no active customer consents to it.',
  // Email choices (the preference center, and staff acting at a customer's request).
  consent_session_ended: 'Your session has ended. Sign in again to change your email choices.',
  consent_nothing_pending: 'Nothing is waiting for your confirmation.',
  consent_links_rate_limited: 'We have sent several links already. Check your inbox and spam folder, or try again in an hour.',
  consent_no_such_customer: 'No customer with that email or username',
  consent_own_account: 'This is your own account: change your choices on your own Communications page.',
  consent_lookups_rate_limited: 'You have looked up many customers in a short time. Try again in a little while.',
  // Deleting the account (issue 5).
  deletion_staff: 'Staff and administrator accounts cannot be deleted here. Ask an administrator to end your staff access first; your account is then a customer account you can delete.',
  deletion_already_scheduled: 'Your account is already scheduled for deletion.',
  deletion_not_scheduled: 'Your account is not scheduled for deletion.',
  deletion_link_invalid: 'This link is no longer valid: the deletion was already cancelled, or the account has been deleted.',
  // Inaccuracy reports: the customer's side.
  report_not_found: 'That report was not found.',
  report_already_open: 'You already have an open report about your {item} (#{id}). Add to it there, or wait for our answer.',
  report_already_open_now: 'You already have an open report about your {item}.',
  report_already_confirmed: 'This report is already confirmed.',
  report_draft_expired: 'This report was not confirmed within {hours} hours, so it expired. Raise it again.',
  report_code_expired: 'That code has expired or was used up. Ask for a new one.',
  report_confirm_password_first: 'Confirm your password first.',
  report_email_unconfirmed: 'Your email address is not confirmed, so confirm with your password instead.',
  report_cannot_withdraw: 'This report is already {status}: it cannot be withdrawn.',
  report_not_waiting: 'We are not waiting for information on this report.',
  // Inaccuracy reports: the reviewers' side.
  report_own: 'This is your own report: another reviewer must handle it.',
  report_already_decided: 'This report is already {status}: there is nothing left to decide.',
  report_held_by: '{holder} is reviewing this report. Only they can act on it.',
  report_held_by_reassignable: '{holder} is reviewing this report. Only they can act on it unless you reassign it.',
  report_being_claimed: 'Another reviewer is claiming this report right now. Try again in a moment.',
  report_held_by_other: 'Another reviewer holds this report: only they can act on it.',
  report_claim_first: 'Claim this report first: only the reviewer holding it can act on it.',
  report_not_held: 'Nobody holds this report.',
  report_release_not_yours: 'Another reviewer holds this report: only they or an administrator can release it.',
  report_reassign_admins_only: 'Only administrators can reassign reports.',
  report_reassign_choose: 'Choose an active staff member or administrator.',
  report_reassign_own: 'Nobody reviews their own report: choose someone else.',
  report_recheck: "The customer's {item} changed since this report was raised, so the correction was not applied. The report now shows the current value: review it again before deciding.",
  report_email_taken: 'Another account uses this email address, so the correction cannot be applied. Reject the report with a reason, or ask the customer for more information.',
  report_mobile_taken: 'Another account uses this mobile number, so the correction cannot be applied. Reject the report with a reason, or ask the customer for more information.',
  report_value_taken_now: 'Another account now uses this value, so the correction cannot be applied.',
  report_already_waiting: 'This report is already waiting for the customer to answer.',
  report_already_extended: 'The deadline of this report was already extended once; it cannot be extended again.',
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
