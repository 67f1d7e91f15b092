import 'server-only';
import { and, asc, count, eq, gt, inArray } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { suppressions, users } from '@/db/schema';
import type { OptionalTopic } from '@/lib/consent';
import { grantedSql } from '../consent/ledger';
import { emailHash } from '../consent/suppression';

const CHUNK = 5000;

/** Active customers who consent to the topic now: what the compose page shows (the suppression list is applied at send time). */
export async function consentingCount(db: DbOrTx, topic: OptionalTopic): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users).where(and(eq(users.status, 'active'), grantedSql(users.id, topic)));
  return row?.n ?? 0;
}

/**
 * The audience when a campaign starts: active, consenting and not suppressed.
 * The suppression list holds keyed hashes of addresses, so the addresses are
 * hashed here, a chunk at a time in user-id order.
 */
export async function audienceCount(db: DbOrTx, topic: OptionalTopic): Promise<number> {
  let total = 0;
  let after: string | null = null;
  for (;;) {
    const chunk: { id: string; email: string }[] = await db
      .select({ id: users.id, email: users.email })
      .from(users)
      .where(and(eq(users.status, 'active'), grantedSql(users.id, topic), after ? gt(users.id, after) : undefined))
      .orderBy(asc(users.id))
      .limit(CHUNK);
    if (!chunk.length) return total;
    const [row] = await db
      .select({ n: count() })
      .from(suppressions)
      .where(inArray(suppressions.emailHash, chunk.map((u) => emailHash(u.email))));
    total += chunk.length - (row?.n ?? 0);
    if (chunk.length < CHUNK) return total;
    after = chunk.at(-1)!.id;
  }
}
