import type { Route } from 'next';
/** The contact inbox (issue 15): topics, statuses, limits and the shapes passed from server to browser. */

export const CONTACT_TOPICS = ['data_question', 'data_correction', 'data_deletion', 'stop_emails', 'other'] as const;
export type ContactTopic = (typeof CONTACT_TOPICS)[number];

export const TOPIC_LABELS: Record<ContactTopic, string> = {
  data_question: 'A question about my data',
  data_correction: 'Correct my data',
  data_deletion: 'Delete my data',
  stop_emails: 'Stop emails',
  other: 'Something else',
};

/** We answer within this many days of the message we owe an answer to. */
export const CONTACT_DEADLINE_DAYS = 30;
/** A visitor (or a customer writing from another address) confirms the address within this long, or the message is deleted. */
export const CONTACT_UNVERIFIED_HOURS = 24;
/** How long the link in a reply email lets a visitor answer. */
export const CONTACT_REPLY_LINK_DAYS = 30;
/** "Due soon" in the staff inbox. */
export const CONTACT_DUE_SOON_DAYS = 7;
export const CONTACT_MESSAGE_MAX = 5000;
export const CONTACT_PAGE_SIZE = 20;

/**
 * `unverified`: the address is not confirmed yet, no member of staff can see it.
 * `open`: we owe an answer (due date running). `answered`: our turn is done,
 * the customer may write back. `closed`: final; a new question is a new message.
 */
export const CONVERSATION_STATUSES = ['unverified', 'open', 'answered', 'closed'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];
export const ACTIVE_STATUSES = ['open', 'answered'] as const satisfies readonly ConversationStatus[];
export const isActive = (s: ConversationStatus) => (ACTIVE_STATUSES as readonly string[]).includes(s);

/** The status as the person who wrote sees it. */
export const CUSTOMER_STATUS_LABELS: Record<ConversationStatus, string> = {
  unverified: 'Waiting for you to confirm your address',
  open: 'Waiting for our answer',
  answered: 'Answered',
  closed: 'Closed',
};

/** The status as staff see it (unconfirmed messages never reach them). */
export const STAFF_STATUS_LABELS: Record<ConversationStatus, string> = {
  unverified: 'Not confirmed',
  open: 'Needs an answer',
  answered: 'Answered',
  closed: 'Closed',
};

export type ConversationAuthor = 'customer' | 'visitor' | 'staff';
export type ConversationEventKind = 'message' | 'reply' | 'note' | 'status' | 'assignment' | 'help';
export type HelpKind = 'export' | 'deletion';

/** The self-service page each kind of help links to (the customer acts there themselves, after signing in). */
export const HELP_LINKS: Record<HelpKind, { path: Route; label: string }> = {
  export: { path: '/account/privacy', label: 'Download your data' },
  deletion: { path: '/account/privacy/delete', label: 'Delete your account' },
};

/**
 * Every audit action the inbox writes, with what the customer reads in "Who
 * accessed your information" (merged into ACCESS_ACTION_LABELS).
 */
export const CONTACT_ACCESS_LABELS = {
  'message.viewed': 'Read your message',
  'message.claimed': 'Took your message to answer it',
  'message.released': 'Put your message back in the queue',
  'message.replied': 'Answered your message',
  'message.noted': 'Added an internal note to your message',
  'message.closed': 'Closed your message',
  'message.help_sent': 'Sent you a link to download or delete your data',
  'message.converted': 'Turned your message into an inaccuracy report',
} as const satisfies Record<string, string>;
export type ContactAuditAction = keyof typeof CONTACT_ACCESS_LABELS;

/** One entry of a conversation as a page shows it (dates as ISO strings). */
export interface ThreadEntry {
  id: number;
  kind: ConversationEventKind;
  status: ConversationStatus | null;
  body: string | null;
  internal: boolean;
  /** As the reader may see it: "You", "Staff member", … Staff pages add the username. */
  by: string;
  reportId: number | null;
  at: string;
}

/* The staff inbox. */

export const INBOX_STATUS_FILTERS = ['open', 'answered', 'active', 'closed', 'all'] as const;
export const INBOX_DUE_FILTERS = ['any', 'soon', 'overdue'] as const;
export const INBOX_ASSIGNMENT_FILTERS = ['any', 'mine', 'unassigned'] as const;
export interface InboxFilters {
  topic: ContactTopic | 'any';
  status: (typeof INBOX_STATUS_FILTERS)[number];
  due: (typeof INBOX_DUE_FILTERS)[number];
  assigned: (typeof INBOX_ASSIGNMENT_FILTERS)[number];
}
export const DEFAULT_INBOX_FILTERS: InboxFilters = { topic: 'any', status: 'open', due: 'any', assigned: 'any' };

export interface InboxRow {
  id: number;
  topic: ContactTopic;
  status: ConversationStatus;
  from: 'customer' | 'visitor';
  dueAt: string;
  lastActivityAt: string;
  claimedBy: { id: string; username: string } | null;
  daysLeft: number;
}
export interface InboxPage {
  rows: InboxRow[];
  /** Keyset cursor `<dueAt ISO>_<id>`; null on the last page. */
  next: string | null;
}

export function inboxSearchParams(f: InboxFilters, after?: string | null) {
  const p = new URLSearchParams();
  if (f.topic !== 'any') p.set('topic', f.topic);
  if (f.status !== 'open') p.set('status', f.status);
  if (f.due !== 'any') p.set('due', f.due);
  if (f.assigned !== 'any') p.set('assigned', f.assigned);
  if (after) p.set('after', after);
  return p;
}
