import 'server-only';
import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { and, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import { verifications } from '@/db/schema';
import type { DbOrTx, Tx } from '@/db/client';
import { CODE_ATTEMPTS, CODE_MINUTES } from '@/lib/policy';
import { clock } from './clock';
import { pepperHmac } from './pepper';

/**
 * One table serves every one-time code and link; only an HMAC of the secret,
 * keyed with the pepper, is stored, so a copy of the database alone cannot be
 * used to guess short codes offline.
 */
const digest = pepperHmac;

export type Purpose = 'password_reset' | 'pin_reset' | 'email_verify' | 'mobile_verify' | 'recovery_sms' | (string & {});

/** Everything that lets its holder set a new secret: emailed reset links and the recovery code texted to a confirmed mobile. */
export const RESET_PURPOSES: Purpose[] = ['password_reset', 'pin_reset', 'recovery_sms'];

/** A long random token for emailed links (single use). `userId` is null for a link to someone without an account (a visitor's contact message). */
export async function createLinkToken(db: DbOrTx, input: { purpose: Purpose; target: string; userId: string | null; minutes: number }, now = clock.now()) {
  const token = randomBytes(32).toString('base64url');
  await db.insert(verifications).values({
    purpose: input.purpose,
    target: input.target,
    userId: input.userId,
    codeHash: digest(token),
    expiresAt: new Date(now.getTime() + input.minutes * 60_000),
    maxAttempts: 1,
    createdAt: now,
  });
  return token;
}

/** Atomically marks a link used; returns its row only if it was unused, unexpired and for this purpose. */
export async function consumeLinkToken(db: DbOrTx, purpose: Purpose, token: string, now = clock.now()) {
  const [row] = await db
    .update(verifications)
    .set({ consumedAt: now })
    .where(and(eq(verifications.codeHash, digest(token)), eq(verifications.purpose, purpose), isNull(verifications.consumedAt), gt(verifications.expiresAt, now)))
    .returning();
  return row ?? null;
}

/** Looks a link up without using it (to show the form behind the link). */
export async function peekLinkToken(db: DbOrTx, purpose: Purpose, token: string, now = clock.now()) {
  const [row] = await db
    .select()
    .from(verifications)
    .where(and(eq(verifications.codeHash, digest(token)), eq(verifications.purpose, purpose), isNull(verifications.consumedAt), gt(verifications.expiresAt, now)));
  return row ?? null;
}

/**
 * Kills every outstanding code or link of these purposes for a user (marked used):
 * what was sent before a password, email or account change must not outlive it.
 */
export async function endVerifications(db: DbOrTx, userId: string, purposes: Purpose[], now = clock.now()) {
  if (purposes.length === 0) return;
  await db
    .update(verifications)
    .set({ consumedAt: now })
    .where(and(eq(verifications.userId, userId), inArray(verifications.purpose, purposes), isNull(verifications.consumedAt)));
}

/** Every outstanding reset link and recovery code of a user dies (password or email change, sign out everywhere, deletion). */
export const endResetLinks = (db: DbOrTx, userId: string, now = clock.now()) => endVerifications(db, userId, RESET_PURPOSES, now);

/** A link's row whether or not it is still usable (to offer a new one for an expired link). */
export async function findLinkToken(db: DbOrTx, purpose: Purpose, token: string) {
  const [row] = await db
    .select()
    .from(verifications)
    .where(and(eq(verifications.codeHash, digest(token)), eq(verifications.purpose, purpose)));
  return row ?? null;
}

const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** A short code to type (8 characters, no look-alikes), 10 minutes, 5 attempts; replaces earlier codes for the same purpose. */
export async function createCode(db: DbOrTx, input: { purpose: Purpose; target: string; userId: string }, now = clock.now()) {
  const code = Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
  await db
    .update(verifications)
    .set({ consumedAt: now })
    .where(and(eq(verifications.userId, input.userId), eq(verifications.purpose, input.purpose), isNull(verifications.consumedAt)));
  await db.insert(verifications).values({
    purpose: input.purpose,
    target: input.target,
    userId: input.userId,
    codeHash: digest(`${input.userId}:${input.purpose}:${code}`),
    expiresAt: new Date(now.getTime() + CODE_MINUTES * 60_000),
    maxAttempts: CODE_ATTEMPTS,
    createdAt: now,
  });
  return code;
}

export type CodeCheck = { ok: true; target: string } | { ok: false; reason: 'wrong' | 'expired' | 'exhausted' };

/**
 * Checks a typed code; every wrong try counts, and the code dies after the last
 * allowed one. Takes a transaction: the row lock is what stops parallel guesses
 * from slipping past the attempt limit.
 */
export async function verifyCode(db: Tx, input: { purpose: Purpose; userId: string; code: string }, now = clock.now()): Promise<CodeCheck> {
  const [row] = await db
    .select()
    .from(verifications)
    .where(and(eq(verifications.userId, input.userId), eq(verifications.purpose, input.purpose), isNull(verifications.consumedAt)))
    .orderBy(sql`${verifications.createdAt} desc`)
    .limit(1)
    .for('update');
  if (!row || row.expiresAt <= now) return { ok: false, reason: 'expired' };
  const typed = Buffer.from(digest(`${input.userId}:${input.purpose}:${input.code.trim().toUpperCase()}`));
  const stored = Buffer.from(row.codeHash);
  if (typed.length === stored.length && timingSafeEqual(typed, stored)) {
    await db.update(verifications).set({ consumedAt: now }).where(eq(verifications.id, row.id));
    return { ok: true, target: row.target };
  }
  const attempts = row.attempts + 1;
  await db
    .update(verifications)
    .set({ attempts, consumedAt: attempts >= row.maxAttempts ? now : null })
    .where(eq(verifications.id, row.id));
  return { ok: false, reason: attempts >= row.maxAttempts ? 'exhausted' : 'wrong' };
}
