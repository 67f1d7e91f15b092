'use server';
import { ok, type ActionResult } from '@/lib/result';
import { currentSession } from '@/server/auth/current';
import { signOut } from '@/server/auth/next-auth';
import { deletionActorOf, scheduleDeletion } from '@/server/privacy/deletion';
import { requestContext } from '@/server/request';

/**
 * Schedules the signed-in customer's own account for deletion (the user id
 * comes from the session only), then clears this browser's cookie: every
 * session row is already revoked. The page after it is public, so it gets the date in its address.
 */
export async function scheduleDeletionAction(raw: unknown): Promise<ActionResult<{ redirectTo: string }>> {
  const result = await scheduleDeletion(deletionActorOf(await currentSession(), 'active'), raw, await requestContext());
  if (!result.ok) return result;
  await signOut({ redirect: false });
  return ok({ redirectTo: `/deletion-requested?on=${encodeURIComponent(result.data.purgeAfter)}` });
}
