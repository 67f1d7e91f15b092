import { sql } from 'drizzle-orm';
import { bigserial, date, index, integer, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';

/** The customer's own details. `version` guards against lost updates from stale tabs. */
export const profiles = pgTable('profiles', {
  userId: uuid()
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  fullName: text(),
  preferredName: text(),
  dateOfBirth: date({ mode: 'string' }),
  addressLine1: text(),
  addressLine2: text(),
  city: text(),
  region: text(),
  postalCode: text(),
  /** ISO 3166-1 alpha-2. */
  country: text(),
  company: text(),
  /** BCP 47 tag from the supported list. */
  preferredLanguage: text(),
  /** IANA time zone. */
  timeZone: text(),
  version: integer().notNull().default(1),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const changeActor = pgEnum('change_actor', ['customer', 'staff']);
export const changeKind = pgEnum('change_kind', ['set', 'changed', 'removed']);

/** That a field changed, who changed it and when: never the value, so removal leaves no copy. */
export const profileChanges = pgTable(
  'profile_changes',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    field: text().notNull(),
    kind: changeKind().notNull(),
    actor: changeActor().notNull().default('customer'),
    /** Set when staff applied a correction from an inaccuracy report. */
    reportId: integer(),
    changedAt: timestamp({ withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [index('profile_changes_user_time_idx').on(t.userId, t.changedAt)],
);
