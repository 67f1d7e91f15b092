import { sql } from 'drizzle-orm';
import { bigserial, index, inet, integer, pgEnum, pgTable, primaryKey, serial, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';

const ts = () => timestamp({ withTimezone: true });

/** Mail topics. `service` and `security` are mandatory while the customer has the service; the rest are opt-in. */
export const MAIL_TOPICS = ['service', 'security', 'product_updates', 'offers', 'newsletter'] as const;
export const mailTopic = pgEnum('mail_topic', MAIL_TOPICS);
/** `pending` waits for the double opt-in link; only `granted` receives promotional mail. */
export const consentState = pgEnum('consent_state', ['pending', 'granted', 'withdrawn']);
export const CONSENT_SOURCES = ['signup', 'settings', 'email_link', 'one_click', 'double_opt_in', 'account_deletion', 'admin'] as const;
export const consentSource = pgEnum('consent_source', CONSENT_SOURCES);

/** The current state per customer and optional topic (mandatory topics have no row: they cannot be switched off). */
export const consents = pgTable(
  'consents',
  {
    userId: uuid().notNull().references(() => users.id, { onDelete: 'cascade' }),
    topic: mailTopic().notNull(),
    state: consentState().notNull(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.topic] }), index('consents_topic_granted_idx').on(t.topic, t.userId).where(sql`${t.state} = 'granted'`)],
);

/** The consent ledger: one row per change, from any source, never updated. */
export const consentEvents = pgTable(
  'consent_events',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    userId: uuid().notNull().references(() => users.id, { onDelete: 'cascade' }),
    topic: mailTopic().notNull(),
    state: consentState().notNull(),
    source: consentSource().notNull(),
    ip: inet(),
    userAgent: text(),
    /** The policy version in force when the change was made. */
    policyVersion: text(),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [index('consent_events_user_time_idx').on(t.userId, t.createdAt)],
);

/**
 * Addresses that must never get promotional mail: an HMAC (with the server
 * pepper) of the normalized address, so a deleted customer's address is not
 * kept in clear to honour it.
 */
export const suppressions = pgTable('suppressions', {
  emailHash: text().primaryKey(),
  /** `account_deleted`, `unsubscribed_all`, `complaint`, `bounce`. */
  reason: text().notNull(),
  createdAt: ts().notNull().defaultNow(),
});

export const policyVersions = pgTable(
  'policy_versions',
  {
    id: serial().primaryKey(),
    /** Shown to people, e.g. `2026-11`. */
    version: text().notNull(),
    summary: text().notNull(),
    body: text().notNull(),
    publishedAt: ts().notNull().defaultNow(),
    publishedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [uniqueIndex('policy_versions_version_key').on(t.version), index('policy_versions_published_idx').on(t.publishedAt)],
);

export const policyAcknowledgements = pgTable(
  'policy_acknowledgements',
  {
    userId: uuid().notNull().references(() => users.id, { onDelete: 'cascade' }),
    policyVersionId: integer().notNull().references(() => policyVersions.id, { onDelete: 'cascade' }),
    acknowledgedAt: ts().notNull().defaultNow(),
    ip: inet(),
    userAgent: text(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.policyVersionId] })],
);

export const campaignStatus = pgEnum('campaign_status', ['sending', 'sent', 'cancelled']);

/** A promotional email to one topic, sent in batches by pg-boss in user-id order; `cursor` is the last user id done. */
export const campaigns = pgTable('campaigns', {
  id: serial().primaryKey(),
  topic: mailTopic().notNull(),
  subject: text().notNull(),
  body: text().notNull(),
  status: campaignStatus().notNull().default('sending'),
  createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
  cursor: uuid(),
  /** Customers consenting when the campaign started (for the progress bar); the guard re-checks each at send time. */
  audience: integer().notNull().default(0),
  sentCount: integer().notNull().default(0),
  skippedCount: integer().notNull().default(0),
  createdAt: ts().notNull().defaultNow(),
  finishedAt: ts(),
});
