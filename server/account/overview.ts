import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';

/** What "Your information" shows: the owner's own row, never another's. */
export async function accountOverview(userId: string) {
  const [u] = await getDb()
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
  if (!u) return null;
  const { pinHash, ...rest } = u;
  return { ...rest, hasPin: !!pinHash };
}
