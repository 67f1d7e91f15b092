import 'server-only';
import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { suppressions } from '@/db/schema';
import type { DbOrTx } from '@/db/client';
import { env } from '../env';

/** HMAC (keyed with the pepper) of the normalized address: the suppression list never holds an address in clear. */
export const emailHash = (email: string) => createHmac('sha256', env().AUTH_PEPPER).update(`suppress:${email.trim().toLowerCase()}`).digest('base64url');

export type SuppressionReason = 'account_deleted' | 'unsubscribed_all' | 'complaint' | 'bounce';

/** Adds an address to the suppression list; adding it again changes nothing. */
export async function suppress(db: DbOrTx, email: string, reason: SuppressionReason) {
  await db.insert(suppressions).values({ emailHash: emailHash(email), reason }).onConflictDoNothing();
}

export async function isSuppressed(db: DbOrTx, email: string): Promise<boolean> {
  const [row] = await db.select({ h: suppressions.emailHash }).from(suppressions).where(eq(suppressions.emailHash, emailHash(email))).limit(1);
  return Boolean(row);
}
