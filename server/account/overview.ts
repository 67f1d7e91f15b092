import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb, type DbOrTx } from '@/db/client';
import { users } from '@/db/schema';
import type { Bindable } from '@/db/prepared';

/** What "Your information" shows: the owner's own row, never another's. */
export const overviewQuery = (userId: Bindable<string>, db: DbOrTx = getDb()) =>
  db
    .select({
      username: users.username,
      email: users.email,
      emailVerifiedAt: users.emailVerifiedAt,
      mobile: users.mobile,
      mobileVerifiedAt: users.mobileVerifiedAt,
      pinHash: users.pinHash,
      role: users.role,
      createdAt: users.createdAt,
    })
    .from(users)
    .where(eq(users.id, userId));

/** The overview from `overviewQuery`'s rows: whether a PIN is set, never its hash. */
export function overviewFrom([u]: Awaited<ReturnType<typeof overviewQuery>>) {
  if (!u) return null;
  const { pinHash, ...rest } = u;
  return { ...rest, hasPin: !!pinHash };
}

export async function accountOverview(userId: string) {
  return overviewFrom(await overviewQuery(userId));
}
