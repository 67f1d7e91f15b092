import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, integer, pgEnum, pgTable, serial, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { userRole, users } from './auth';

const ts = () => timestamp({ withTimezone: true });

/*
 * Inaccuracy reports (issue 4). A customer says something we hold is wrong;
 * once they prove control of the account the report goes to the staff queue.
 * `unverified` reports are the customer's own drafts: never shown to staff,
 * dead after 24 hours.
 */

export const reportStatus = pgEnum('report_status', ['unverified', 'submitted', 'in_review', 'needs_information', 'corrected', 'rejected', 'withdrawn']);

export const reports = pgTable(
  'reports',
  {
    /** Shown to the customer as #N. */
    id: serial().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** What is wrong: `profile.fullName`, `email`, `mobile`, `account.createdAt`, … (lib/reports REPORT_ITEMS). */
    item: text().notNull(),
    /** The stored value as it was when the report was raised (null: not given). The customer's own data; it lives and dies with the report. */
    currentValue: text(),
    proposedValue: text().notNull(),
    explanation: text().notNull(),
    /** Optional supplementary statement to keep on file (GDPR Art. 16). */
    statement: text(),
    status: reportStatus().notNull().default('unverified'),
    verifiedAt: ts(),
    /** 30 days from verification; moved once by an extension. Null while unverified. */
    dueAt: ts(),
    extended: boolean().notNull().default(false),
    extensionReason: text(),
    claimedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    claimedAt: ts(),
    /** The profile row's version when the report was raised (profile items only). */
    profileVersion: integer(),
    decidedAt: ts(),
    createdAt: ts().notNull().defaultNow(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [
    // The staff queue: every filter is an index range in due-date order, so the first page costs the same at 100 or 100k rows.
    index('reports_open_queue_idx').on(t.dueAt, t.id).where(sql`status in ('submitted', 'in_review', 'needs_information')`),
    index('reports_unassigned_queue_idx').on(t.dueAt, t.id).where(sql`status in ('submitted', 'in_review', 'needs_information') and claimed_by is null`),
    index('reports_status_due_idx').on(t.status, t.dueAt, t.id),
    index('reports_due_idx').on(t.dueAt, t.id),
    index('reports_claimed_due_idx').on(t.claimedBy, t.dueAt, t.id),
    index('reports_user_idx').on(t.userId, t.createdAt),
    // One open report per item and customer: a second one would only split the review.
    uniqueIndex('reports_one_open_per_item_key').on(t.userId, t.item).where(sql`status in ('submitted', 'in_review', 'needs_information')`),
  ],
);

export const reportEventKind = pgEnum('report_event_kind', ['status', 'answer', 'note', 'extension', 'assignment', 'recheck']);

/**
 * The report's timeline. The customer sees the rows with `internal = false`:
 * status changes with the staff reason, their own answers, extensions.
 * Internal notes, claims and re-checks are for staff only.
 */
export const reportEvents = pgTable(
  'report_events',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    reportId: integer()
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    kind: reportEventKind().notNull(),
    /** For `status` events: the status entered. */
    status: reportStatus(),
    /** Reason, question, answer or note, as written. */
    body: text(),
    internal: boolean().notNull().default(false),
    actorUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    actorRole: userRole(),
    at: ts().notNull().defaultNow(),
  },
  (t) => [index('report_events_report_idx').on(t.reportId, t.id)],
);

/**
 * Every staff view of a customer's data and every staff action. Append-only:
 * a trigger (migration `audit_log_append_only`) refuses UPDATE, DELETE and TRUNCATE. No foreign
 * keys, so deleting a user can never rewrite the log.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    actorUserId: uuid().notNull(),
    actorRole: userRole().notNull(),
    /** `report.viewed`, `report.claimed`, `report.approved`, `staff.promoted`, … */
    action: text().notNull(),
    subjectUserId: uuid(),
    reportId: integer(),
    /** The contact conversation (message #N) the entry is about. */
    conversationId: integer(),
    reason: text(),
    at: ts().notNull().defaultNow(),
  },
  (t) => [index('audit_log_subject_idx').on(t.subjectUserId, t.at), index('audit_log_report_idx').on(t.reportId), index('audit_log_actor_idx').on(t.actorUserId, t.at)],
);
