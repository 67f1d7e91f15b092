import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { authMethod, users } from './auth';

const ts = () => timestamp({ withTimezone: true });

/**
 * The authenticator app (TOTP, RFC 6238) of an account: at most one. The secret is
 * AES-256-GCM encrypted with a key derived from AUTH_PEPPER (server/auth/secret-box.ts),
 * so a copy of the database alone cannot mint codes.
 */
export const totpCredentials = pgTable('totp_credentials', {
  userId: uuid()
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  secretEncrypted: text().notNull(),
  /** Null while being set up: the app is only in use once a first code confirmed it. */
  confirmedAt: ts(),
  /** The last accepted time step: a code of this step or an earlier one is a replay and is refused. */
  lastUsedStep: bigint({ mode: 'number' }),
  lastUsedAt: ts(),
  createdAt: ts().notNull().defaultNow(),
});

/** WebAuthn credentials (passkeys, security keys). The public key is not a secret. */
export const passkeys = pgTable(
  'passkeys',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** base64url credential id, as the browser reports it. */
    credentialId: text().notNull(),
    /** base64url COSE public key. */
    publicKey: text().notNull(),
    counter: bigint({ mode: 'number' }).notNull().default(0),
    transports: text().array().notNull().default(sql`'{}'::text[]`),
    name: text().notNull(),
    /** singleDevice | multiDevice (synced passkey). */
    deviceType: text().notNull(),
    backedUp: boolean().notNull().default(false),
    createdAt: ts().notNull().defaultNow(),
    lastUsedAt: ts(),
  },
  (t) => [uniqueIndex('passkeys_credential_id_key').on(t.credentialId), index('passkeys_user_idx').on(t.userId)],
);

/** One-time recovery codes: only a keyed hash of each is stored. */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text().notNull(),
    createdAt: ts().notNull().defaultNow(),
    usedAt: ts(),
  },
  (t) => [uniqueIndex('recovery_codes_hash_key').on(t.codeHash), index('recovery_codes_user_idx').on(t.userId)],
);

/**
 * Short-lived, single-use sign-in states: a sign-in waiting for its second step
 * (`second_step`, the browser holds the opaque token in a cookie), a usernameless
 * passkey sign-in (`passkey_sign_in`, no user yet) and a passkey being registered
 * (`passkey_register`). Only a keyed hash of the token is stored.
 */
export const signInChallenges = pgTable(
  'sign_in_challenges',
  {
    id: uuid().primaryKey().defaultRandom(),
    purpose: text().notNull(),
    tokenHash: text().notNull(),
    userId: uuid().references(() => users.id, { onDelete: 'cascade' }),
    /** The first step that was passed (second_step only). */
    firstFactor: authMethod(),
    /** The WebAuthn challenge handed to the browser, when one was. */
    webauthnChallenge: text(),
    attempts: integer().notNull().default(0),
    expiresAt: ts().notNull(),
    consumedAt: ts(),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [uniqueIndex('sign_in_challenges_token_key').on(t.tokenHash), index('sign_in_challenges_expiry_idx').on(t.expiresAt)],
);
