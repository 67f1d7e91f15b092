/** Inaccuracy reports: items, statuses and deadline rules shared by server and browser. */
import { CONTACT_ACCESS_LABELS } from './contact';
import { displayName } from './countries';
import { formatMobile } from './validation/fields';
import { PROFILE_FIELDS, type ProfileField } from './validation/profile-fields';
import { CLOSED_STATUSES, isOpen, OPEN_STATUSES, REPORT_STATUSES, STATUS_LABELS, type ReportStatus } from './report-status';

export { CLOSED_STATUSES, isOpen, OPEN_STATUSES, REPORT_STATUSES, STATUS_LABELS, type ReportStatus };

export const REPORT_DEADLINE_DAYS = 30;
export const MAX_EXTENSION_DAYS = 60;
export const UNVERIFIED_HOURS = 24;
export const REPORT_TEXT_MAX = 2000;
export const STAFF_TEXT_MAX = 1000;
export const QUEUE_PAGE_SIZE = 20;
export const DAY_MS = 86_400_000;

/**
 * What a report can be about. `profile` items are corrected in the profile
 * (version-checked), `contact` items on the account row (marked unconfirmed),
 * `record` items change no data: approving one records that we agree (see
 * docs/decisions/010-inaccuracy-report-corrections.md).
 */
export type ItemKind = 'profile' | 'contact' | 'record';
export type ItemDef = { label: string; kind: ItemKind; field?: ProfileField };

const profileItems = Object.fromEntries(
  (Object.entries(PROFILE_FIELDS) as [ProfileField, { label: string }][]).map(([field, def]) => [`profile.${field}`, { label: def.label, kind: 'profile', field }]),
) as Record<`profile.${ProfileField}`, ItemDef>;

export const REPORT_ITEMS: Record<string, ItemDef> = {
  'account.username': { label: 'Username', kind: 'record' },
  email: { label: 'Email address', kind: 'contact' },
  mobile: { label: 'Mobile number', kind: 'contact' },
  'account.createdAt': { label: 'Account creation date', kind: 'record' },
  ...profileItems,
};
export type ReportItem = keyof typeof REPORT_ITEMS;
export const REPORT_ITEM_KEYS = Object.keys(REPORT_ITEMS);
export const isReportItem = (v: unknown): v is string => typeof v === 'string' && Object.hasOwn(REPORT_ITEMS, v);
export const itemLabel = (item: string) => REPORT_ITEMS[item]?.label ?? item;
export const profileItem = (field: ProfileField) => `profile.${field}`;

/** Whole days until the due date, rounded up; negative when overdue. */
export function daysLeft(dueAt: Date | string, now: Date | number = Date.now()): number {
  const due = typeof dueAt === 'string' ? new Date(dueAt).getTime() : dueAt.getTime();
  const at = typeof now === 'number' ? now : now.getTime();
  const diff = due - at;
  return diff >= 0 ? Math.ceil(diff / DAY_MS) : -Math.ceil(-diff / DAY_MS);
}

export function describeDaysLeft(dueAt: Date | string, now: Date | number = Date.now()): string {
  return describeDays(daysLeft(dueAt, now));
}

/** Whole days left (negative: overdue) as words: "3 days left", "Due today", "Overdue by 1 day". */
export function describeDays(d: number): string {
  if (d < 0) return `Overdue by ${-d} day${d === -1 ? '' : 's'}`;
  if (d === 0) return 'Due today';
  return `${d} day${d === 1 ? '' : 's'} left`;
}

export const isOverdue = (dueAt: Date | string | null, now: Date | number = Date.now()) =>
  !!dueAt && new Date(dueAt).getTime() < (typeof now === 'number' ? now : now.getTime());

/** Role names the customer sees in "Who accessed your information" (never a staff member's name). */
export const ROLE_LABELS = { customer: 'Customer', staff: 'Staff member', admin: 'Administrator' } as const;

/** What the customer sees for an audit entry's action. */
export const ACCESS_ACTION_LABELS: Record<string, string> = {
  'report.viewed': 'Viewed your report and the information it is about',
  'report.claimed': 'Took your report for review',
  'report.released': 'Put your report back in the queue',
  'report.reassigned': 'Passed your report to another reviewer',
  'report.approved': 'Corrected your information',
  'report.rejected': 'Rejected your report',
  'report.information_requested': 'Asked you for more information',
  'report.extended': 'Extended the deadline of your report',
  'report.noted': 'Added an internal note to your report',
  'report.rechecked': 'Found that the information changed since your report',
  'staff.promoted': 'Changed your role',
  'staff.demoted': 'Changed your role',
  'admin.created': 'Created your administrator account on the server',
  'consent.viewed': 'Looked at your email choices',
  'consent.withdrawn': 'Unsubscribed you from emails at your request',
  ...CONTACT_ACCESS_LABELS,
};

/* Shapes passed from server to client components (dates as ISO strings). */

export interface QueueRow {
  id: number;
  item: string;
  itemLabel: string;
  status: ReportStatus;
  dueAt: string;
  extended: boolean;
  claimedBy: { id: string; username: string } | null;
  verifiedAt: string;
  /** Computed on the server at query time, so the first paint and the browser agree. */
  daysLeft: number;
}
export interface QueuePage {
  rows: QueueRow[];
  /** Keyset cursor for the next page: `<dueAt ISO>_<id>`; null on the last page. */
  next: string | null;
}
export const QUEUE_STATUS_FILTERS = ['open', ...OPEN_STATUSES, ...CLOSED_STATUSES, 'all'] as const;
export type QueueStatusFilter = (typeof QUEUE_STATUS_FILTERS)[number];
export const QUEUE_ASSIGNMENT_FILTERS = ['any', 'mine', 'unassigned'] as const;
export type QueueAssignmentFilter = (typeof QUEUE_ASSIGNMENT_FILTERS)[number];
export interface QueueFilters {
  status: QueueStatusFilter;
  assigned: QueueAssignmentFilter;
  overdue: boolean;
}
export const DEFAULT_QUEUE_FILTERS: QueueFilters = { status: 'open', assigned: 'any', overdue: false };

export function queueSearchParams(f: QueueFilters, after?: string | null) {
  const p = new URLSearchParams();
  if (f.status !== 'open') p.set('status', f.status);
  if (f.assigned !== 'any') p.set('assigned', f.assigned);
  if (f.overdue) p.set('overdue', '1');
  if (after) p.set('after', after);
  return p;
}

/** What raising a report returns: accepted at once (fresh re-auth), or a draft waiting for a code or the password. */
export type StartResult = { id: number; confirmed: true } | { id: number; confirmed: false; method: 'code'; sentTo: string } | { id: number; confirmed: false; method: 'password' };

export interface TimelineEntry {
  id: number;
  kind: 'status' | 'answer' | 'note' | 'extension' | 'assignment' | 'recheck';
  status: ReportStatus | null;
  body: string | null;
  internal: boolean;
  /** Who, as the customer may see it: "You", "Staff member", "Administrator". Staff pages add the username. */
  by: string;
  at: string;
}

const longDateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const longDate = (iso: string) => longDateFormat.format(new Date(iso));

/**
 * A stored value the way "Your information" shows it. Call it on the server
 * (names come from the server's ICU data, so the browser never re-renders them).
 */
export function displayValue(item: string, raw: string | null): string {
  if (raw === null || raw === '') return 'Not given';
  if (item === 'profile.country') return displayName('region', raw);
  if (item === 'profile.preferredLanguage') return displayName('language', raw);
  if (item === 'mobile') return formatMobile(raw);
  if (item === 'account.createdAt') return longDate(raw);
  if (item === 'profile.timeZone') return raw.replaceAll('_', ' ');
  return raw;
}
