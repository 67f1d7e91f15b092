/** Account deletion, shared by client and server. */
import { MESSAGES } from './messages';

/** A date as people read it, in UTC like every other date we show: "14 Dec 2026". */
export function formatDate(value: string | Date): string {
  const d = typeof value === 'string' ? new Date(value) : value;
  return shortDate.format(d);
}

const shortDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** Shown by the pages as they are; the wording is lib/messages.ts's, the one the refusals use. */
export const STAFF_CANNOT_DELETE = MESSAGES.deletion_staff;
export const CANCEL_LINK_INVALID = MESSAGES.deletion_link_invalid;
