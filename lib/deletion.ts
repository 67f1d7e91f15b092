/** Account deletion, shared by client and server. */

/** A date as people read it, in UTC like every other date we show: "14 Dec 2026". */
export function formatDate(value: string | Date): string {
  const d = typeof value === 'string' ? new Date(value) : value;
  return shortDate.format(d);
}

const shortDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

export const STAFF_CANNOT_DELETE =
  'Staff and administrator accounts cannot be deleted here. Ask an administrator to end your staff access first; your account is then a customer account you can delete.';
export const ALREADY_SCHEDULED = 'Your account is already scheduled for deletion.';
export const CANCEL_LINK_INVALID = 'This link is no longer valid: the deletion was already cancelled, or the account has been deleted.';
