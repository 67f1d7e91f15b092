import { sql } from 'drizzle-orm';
import { bigint, bigserial, date, index, integer, pgEnum, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { DOMAIN_TYPES, VIEWPORT_CLASSES } from '../../lib/analytics';

/*
 * Anonymous visitor analytics. No column holds an IP address, a user id, a
 * cookie, a path with an id or a query string: a page is its route pattern,
 * a visitor is only a domain type and a viewport class.
 */

export const domainType = pgEnum('analytics_domain_type', DOMAIN_TYPES);
export const viewportClass = pgEnum('analytics_viewport', VIEWPORT_CLASSES);

/** One row per beacon, kept about a day: rolled up into `analytics_daily`, then deleted. */
export const analyticsEvents = pgTable(
  'analytics_events',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    occurredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** A pattern from lib/analytics ROUTE_PATTERNS, e.g. `/account/reports/[id]`. */
    route: text().notNull(),
    timeOnPageMs: integer().notNull(),
    /** The referring site's host name only; null for our own pages and for no referrer. */
    referrerHost: text(),
    referrerType: domainType().notNull(),
    /** From a reverse DNS look-up of the visitor's address, made and forgotten while the beacon was handled. */
    visitorType: domainType().notNull(),
    viewport: viewportClass().notNull(),
    /** Set when the row has been added to the daily aggregates (each row is counted exactly once). */
    rolledUpAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('analytics_events_pending_idx').on(t.id).where(sql`${t.rolledUpAt} is null`), index('analytics_events_occurred_idx').on(t.occurredAt)],
);

/** Views and time on page per UTC day, page, referrer type, visitor type and viewport. */
export const analyticsDaily = pgTable(
  'analytics_daily',
  {
    day: date({ mode: 'string' }).notNull(),
    route: text().notNull(),
    referrerType: domainType().notNull(),
    visitorType: domainType().notNull(),
    viewport: viewportClass().notNull(),
    views: integer().notNull(),
    totalTimeMs: bigint({ mode: 'number' }).notNull(),
    /** Views per time-on-page bucket (lib/analytics TIME_BUCKET_BOUNDS): medians over any range are read from the sum. */
    timeHistogram: integer().array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.route, t.referrerType, t.visitorType, t.viewport] })],
);

/** Views per UTC day and referring site (host name only). */
export const analyticsDailyReferrers = pgTable(
  'analytics_daily_referrers',
  {
    day: date({ mode: 'string' }).notNull(),
    referrerHost: text().notNull(),
    views: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.referrerHost] })],
);
