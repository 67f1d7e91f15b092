'use server';
import { redirect } from 'next/navigation';
import { currentSession } from '@/server/auth/current';
import { signOut } from '@/server/auth/next-auth';
import { revokeSession } from '@/server/auth/sessions';
import { cancelDeletionByToken, deletionActorOf, keepAccount } from '@/server/privacy/deletion';
import { requestContext } from '@/server/request';

/*
 * The grace period (issue 5). Plain form posts, so they work before (or
 * without) JavaScript; each takes its identity from the session or the token only.
 */

/** "Keep my account", by the signed-in holder of a scheduled account. */
export async function keepAccountAction(): Promise<void> {
  const actor = deletionActorOf(await currentSession(), 'scheduled');
  if (!actor) redirect('/sign-in');
  await keepAccount(actor, await requestContext());
  // Kept now or already (another tab): either way the account is active.
  redirect('/deletion-scheduled?kept=1');
}

/** Signing out of a scheduled account: `signOutAction` only knows active sessions. */
export async function signOutScheduledAction(): Promise<void> {
  const s = await currentSession();
  if (s.state === 'scheduled' || s.state === 'active') await revokeSession(s.session.id, 'signed_out');
  await signOut({ redirectTo: '/sign-in?reason=signed-out' });
}

/** The button behind the emailed link (a POST: link scanners only GET). */
export async function cancelByLinkAction(formData: FormData): Promise<void> {
  const result = await cancelDeletionByToken(formData.get('token'), await requestContext());
  redirect(`/cancel-deletion?result=${result.ok ? 'cancelled' : 'invalid'}`);
}
