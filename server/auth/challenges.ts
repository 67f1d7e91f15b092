import 'server-only';
import { randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '@/db/client';
import { signInChallenges } from '@/db/schema';
import { clock } from '../clock';
import { pepperHmac } from '../pepper';

/** `passkey_register` and `passkey_reauth` are named by the WebAuthn challenge itself (bound to the account); the others by a cookie token. */
export type ChallengePurpose = 'second_step' | 'passkey_sign_in' | 'passkey_register' | 'passkey_reauth';
export type ChallengeRow = typeof signInChallenges.$inferSelect;

const hashOf = (token: string) => pepperHmac(`sign-in-challenge:${token}`);

/**
 * A short-lived, single-use sign-in state. Returns the opaque token that names
 * it (a cookie, or the WebAuthn challenge itself): only its keyed hash is stored.
 */
export async function createChallenge(
  db: DbOrTx,
  input: { purpose: ChallengePurpose; userId?: string | null; firstFactor?: ChallengeRow['firstFactor']; webauthnChallenge?: string; minutes: number },
  now = clock.now(),
): Promise<string> {
  const token = input.webauthnChallenge && (input.purpose === 'passkey_register' || input.purpose === 'passkey_reauth') ? input.webauthnChallenge : randomBytes(32).toString('base64url');
  await db.insert(signInChallenges).values({
    purpose: input.purpose,
    tokenHash: hashOf(token),
    userId: input.userId ?? null,
    firstFactor: input.firstFactor ?? null,
    webauthnChallenge: input.webauthnChallenge ?? null,
    expiresAt: new Date(now.getTime() + input.minutes * 60_000),
    createdAt: now,
  });
  return token;
}

const alive = (now: Date) => and(isNull(signInChallenges.consumedAt), gt(signInChallenges.expiresAt, now));

/** The live challenge a token names, locked for this transaction; null when unknown, used or expired. */
export async function lockChallenge(tx: Tx, purpose: ChallengePurpose, token: string, now = clock.now()): Promise<ChallengeRow | null> {
  if (!token || token.length > 200) return null;
  const [row] = await tx
    .select()
    .from(signInChallenges)
    .where(and(eq(signInChallenges.tokenHash, hashOf(token)), eq(signInChallenges.purpose, purpose), alive(now)))
    .for('update');
  return row ?? null;
}

export async function peekChallenge(db: DbOrTx, purpose: ChallengePurpose, token: string, now = clock.now()): Promise<ChallengeRow | null> {
  if (!token || token.length > 200) return null;
  const [row] = await db
    .select()
    .from(signInChallenges)
    .where(and(eq(signInChallenges.tokenHash, hashOf(token)), eq(signInChallenges.purpose, purpose), alive(now)));
  return row ?? null;
}

/** Uses up a registration challenge of this account (named by the WebAuthn challenge the browser signed). */
export async function consumeChallenge(tx: Tx, input: { purpose: 'passkey_register' | 'passkey_reauth'; userId: string; webauthnChallenge: string }, now = clock.now()) {
  const [row] = await tx
    .update(signInChallenges)
    .set({ consumedAt: now })
    .where(and(eq(signInChallenges.tokenHash, hashOf(input.webauthnChallenge)), eq(signInChallenges.purpose, input.purpose), eq(signInChallenges.userId, input.userId), alive(now)))
    .returning();
  return row ?? null;
}

export async function updateChallenge(db: DbOrTx, id: string, set: Partial<Pick<ChallengeRow, 'consumedAt' | 'webauthnChallenge' | 'attempts'>>) {
  await db.update(signInChallenges).set(set).where(eq(signInChallenges.id, id));
}

export const bumpAttempts = (db: DbOrTx, id: string, max: number, now: Date) =>
  db
    .update(signInChallenges)
    .set({ attempts: sql`${signInChallenges.attempts} + 1`, consumedAt: sql`case when ${signInChallenges.attempts} + 1 >= ${max} then ${now.toISOString()}::timestamptz else null end` })
    .where(eq(signInChallenges.id, id));
