import { sql } from 'drizzle-orm';
import { bigserial, check, index, inet, integer, pgTable, serial, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';

const ts = () => timestamp({ withTimezone: true });

/**
 * Purchases. Tax law makes us keep them after an account is deleted, so the
 * purge anonymizes them (user_id null, `anonymized_at` set) instead of
 * deleting. Only the card brand and last four digits are ever stored.
 */
export const orders = pgTable(
  'orders',
  {
    id: serial().primaryKey(),
    userId: uuid().references(() => users.id, { onDelete: 'set null' }),
    /** Customer-facing order number, e.g. `AC-10042`. */
    reference: text().notNull(),
    placedAt: ts().notNull(),
    description: text().notNull(),
    /** In minor units (pence, cents). */
    amountMinor: integer().notNull(),
    currency: text().notNull(),
    cardBrand: text().notNull(),
    cardLast4: text().notNull(),
    anonymizedAt: ts(),
  },
  (t) => [
    index('orders_user_idx').on(t.userId, t.placedAt),
    check('orders_card_last4_digits', sql`${t.cardLast4} ~ '^[0-9]{4}$'`),
    check('orders_currency_code', sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check('orders_amount_nonnegative', sql`${t.amountMinor} >= 0`),
  ],
);

/** One row per account scheduled for deletion: the primary key makes a double-clicked request one schedule. */
export const accountDeletions = pgTable(
  'account_deletions',
  {
    userId: uuid().primaryKey().references(() => users.id, { onDelete: 'cascade' }),
    requestedAt: ts().notNull().defaultNow(),
    purgeAfter: ts().notNull(),
    /** HMAC of the emailed cancel link's token. */
    cancelTokenHash: text().notNull(),
  },
  (t) => [index('account_deletions_due_idx').on(t.purgeAfter)],
);

/** What is left of a purged account: no personal data, only that it existed and when it went. */
export const accountTombstones = pgTable('account_tombstones', {
  userId: uuid().primaryKey(),
  requestedAt: ts().notNull(),
  purgedAt: ts().notNull().defaultNow(),
  ordersAnonymized: integer().notNull().default(0),
});

/**
 * Account events the customer sees under Security besides sign-ins: data
 * downloads, deletion scheduled or cancelled. Also the export rate limit.
 */
export const securityEvents = pgTable(
  'security_events',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    userId: uuid().notNull().references(() => users.id, { onDelete: 'cascade' }),
    /** `data_export`, `deletion_scheduled`, `deletion_cancelled`. */
    kind: text().notNull(),
    ip: inet(),
    userAgent: text(),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [index('security_events_user_time_idx').on(t.userId, t.kind, t.createdAt)],
);
