import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, integer, inet, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const ts = (name?: string) => (name ? timestamp(name, { withTimezone: true }) : timestamp({ withTimezone: true }));

export const userRole = pgEnum('user_role', ['customer', 'staff', 'admin']);
export const userStatus = pgEnum('user_status', ['active', 'disabled', 'scheduled_for_deletion']);
/** How a sign-in step was proved: the first step (password, PIN, or a passkey on its own) and the second (authenticator app, passkey, recovery code). */
export const authMethod = pgEnum('auth_method', ['password', 'pin', 'passkey', 'totp', 'recovery_code']);

export const users = pgTable(
  'users',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** NFKC-normalized, case-folded: the form used for sign-in and uniqueness. */
    username: text().notNull(),
    email: text().notNull(),
    /** Lower-cased copy of email for uniqueness and look-up. */
    emailNormalized: text().notNull(),
    emailVerifiedAt: ts(),
    /** E.164, e.g. +447700900123. */
    mobile: text(),
    mobileVerifiedAt: ts(),
    passwordHash: text().notNull(),
    pinHash: text(),
    role: userRole().notNull().default('customer'),
    status: userStatus().notNull().default('active'),
    createdAt: ts().notNull().defaultNow(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_username_key').on(t.username),
    uniqueIndex('users_email_key').on(t.emailNormalized),
    uniqueIndex('users_mobile_key').on(t.mobile),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid().notNull().references(() => users.id, { onDelete: 'cascade' }),
    createdAt: ts().notNull().defaultNow(),
    lastSeenAt: ts().notNull().defaultNow(),
    absoluteExpiresAt: ts().notNull(),
    ip: inet(),
    userAgent: text(),
    authMethod: authMethod().notNull(),
    /** The second step this session passed (null: one step). A passkey sign-in on its own is multi-factor in itself (user verification). */
    secondFactor: authMethod(),
    /** Last time the holder re-entered a secret: sensitive actions need it within 5 minutes. */
    reauthenticatedAt: ts(),
    /** Last time the holder re-proved their second factor: staff actions needing a fresh re-authentication need this too. */
    factorReauthenticatedAt: ts(),
    /** Which secret that was: email and mobile changes and staff powers accept only the password (server/auth/reauth.ts). */
    reauthMethod: authMethod(),
    revokedAt: ts(),
    revokedReason: text(),
  },
  // The second index serves the retention sweep (sessions past their absolute expiry).
  (t) => [index('sessions_user_idx').on(t.userId).where(sql`${t.revokedAt} is null`), index('sessions_absolute_expiry_idx').on(t.absoluteExpiresAt)],
);

export const loginEvents = pgTable(
  'login_events',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    /** Null when the identifier matched no account. */
    userId: uuid().references(() => users.id, { onDelete: 'cascade' }),
    success: boolean().notNull(),
    method: authMethod().notNull(),
    reason: text().notNull(),
    ip: inet(),
    userAgent: text(),
    createdAt: ts().notNull().defaultNow(),
  },
  // The second index serves the 90-day retention sweep.
  (t) => [index('login_events_user_time_idx').on(t.userId, t.createdAt), index('login_events_created_idx').on(t.createdAt)],
);

/** One row per throttled key (e.g. `pin:+447700900123`, `ip:203.0.113.9`). */
export const throttles = pgTable('throttles', {
  key: text().primaryKey(),
  failures: integer().notNull().default(0),
  lockedUntil: ts(),
  windowStartedAt: ts().notNull().defaultNow(),
  updatedAt: ts().notNull().defaultNow(),
});

/** Every one-time code and link: only a hash of the secret is stored. */
export const verifications = pgTable(
  'verifications',
  {
    id: uuid().primaryKey().defaultRandom(),
    purpose: text().notNull(),
    /** What the code proves control of: an email address, a mobile number. */
    target: text().notNull(),
    userId: uuid().references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text().notNull(),
    expiresAt: ts().notNull(),
    attempts: integer().notNull().default(0),
    maxAttempts: integer().notNull().default(5),
    consumedAt: ts(),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [uniqueIndex('verifications_code_hash_key').on(t.codeHash), index('verifications_user_purpose_idx').on(t.userId, t.purpose)],
);
