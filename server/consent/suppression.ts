import 'server-only';
import { and, eq } from 'drizzle-orm';
import { suppressions } from '@/db/schema';
import type { DbOrTx } from '@/db/client';
import { pepperHmac } from '../pepper';

/** HMAC (keyed with the pepper) of the normalized address: the suppression list never holds an address in clear. */
export const emailHash = (email: string) => pepperHmac(`suppress:${email.trim().toLowerCase()}`);

export type SuppressionReason = 'account_deleted' | 'unsubscribed_all' | 'complaint' | 'bounce';

/** Adds an address to the suppression list; adding it again changes nothing. */
export async function suppress(db: DbOrTx, email: string, reason: SuppressionReason) {
  await db.insert(suppressions).values({ emailHash: emailHash(email), reason }).onConflictDoNothing();
}

export async function isSuppressed(db: DbOrTx, email: string): Promise<boolean> {
  const [row] = await db.select({ h: suppressions.emailHash }).from(suppressions).where(eq(suppressions.emailHash, emailHash(email))).limit(1);
  return Boolean(row);
}

/**
 * A customer who pressed "Unsubscribe from all" and later subscribes again
 * (signed in, or through a double opt-in link) lifts their own suppression.
 * Complaints, bounces and deletions are never lifted this way.
 */
export async function liftUnsubscribedAll(db: DbOrTx, email: string) {
  await db.delete(suppressions).where(and(eq(suppressions.emailHash, emailHash(email)), eq(suppressions.reason, 'unsubscribed_all')));
}
