import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, integer, pgEnum, pgTable, serial, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { userRole, users } from './auth';
import { reports } from './reports';

const ts = () => timestamp({ withTimezone: true });

/*
 * The contact inbox (issue 15). A conversation starts with a message from the
 * contact form, from a signed-in customer (user_id set) or a visitor (null).
 * It reaches staff only once its reply address is confirmed: at once for a
 * customer writing from their confirmed account address, otherwise by the
 * emailed link (docs/decisions/030).
 */

export const contactTopic = pgEnum('contact_topic', ['data_question', 'data_correction', 'data_deletion', 'stop_emails', 'other']);
export const conversationStatus = pgEnum('conversation_status', ['unverified', 'open', 'answered', 'closed']);
export const conversationAuthor = pgEnum('conversation_author', ['customer', 'visitor', 'staff']);
export const conversationEventKind = pgEnum('conversation_event_kind', ['message', 'reply', 'note', 'status', 'assignment', 'help']);

export const conversations = pgTable(
  'conversations',
  {
    /** Shown as "message #N". */
    id: serial().primaryKey(),
    /** The signed-in customer who wrote; null for a visitor. */
    userId: uuid().references(() => users.id, { onDelete: 'cascade' }),
    topic: contactTopic().notNull(),
    /** Where our answers go, as typed. */
    replyTo: text().notNull(),
    /** Lower-cased copy, for the rate limit and the account purge. */
    replyToNormalized: text().notNull(),
    status: conversationStatus().notNull().default('unverified'),
    verifiedAt: ts(),
    /** 30 days from the message we owe an answer to; null while unverified. */
    dueAt: ts(),
    claimedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    claimedAt: ts(),
    closedAt: ts(),
    closedBy: conversationAuthor(),
    /** The inaccuracy report staff opened from this message. */
    reportId: integer().references(() => reports.id, { onDelete: 'set null' }),
    createdAt: ts().notNull().defaultNow(),
    lastActivityAt: ts().notNull().defaultNow(),
  },
  (t) => [
    // The inbox: each filter is a range in due-date order; unconfirmed messages (no due date) never appear.
    index('conversations_active_queue_idx').on(t.dueAt, t.id).where(sql`status in ('open', 'answered')`),
    index('conversations_status_due_idx').on(t.status, t.dueAt, t.id),
    index('conversations_topic_due_idx').on(t.topic, t.dueAt, t.id),
    index('conversations_claimed_idx').on(t.claimedBy, t.dueAt, t.id),
    index('conversations_user_idx').on(t.userId, t.lastActivityAt),
    index('conversations_reply_to_idx').on(t.replyToNormalized),
    // The sweep of unconfirmed messages.
    index('conversations_unverified_idx').on(t.createdAt).where(sql`status = 'unverified'`),
  ],
);

/**
 * A conversation's thread: the messages both ways and what happened to it.
 * Internal notes and assignments are for staff only; the person who wrote
 * sees the rest, with staff named by role.
 */
export const conversationEvents = pgTable(
  'conversation_events',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    conversationId: integer()
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    kind: conversationEventKind().notNull(),
    author: conversationAuthor().notNull(),
    /** Null for a visitor. */
    actorUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    actorRole: userRole(),
    /** For `status` events: the status entered. */
    status: conversationStatus(),
    /** The message, reply or note as written (stored as text, shown as text); for `help`, which help. */
    body: text(),
    internal: boolean().notNull().default(false),
    /** For the event that turned the message into a report. */
    reportId: integer().references(() => reports.id, { onDelete: 'set null' }),
    at: ts().notNull().defaultNow(),
  },
  (t) => [index('conversation_events_conversation_idx').on(t.conversationId, t.id)],
);
