'use server';
import { redirect } from 'next/navigation';
import { linkFormSchema } from '@/lib/validation/verification';
import { endThisSession } from '@/server/auth/current';
import { signOut } from '@/server/auth/next-auth';
import { defineFormAction, isRefusal } from '@/server/core/action';
import { cancelDeletionByToken, deletionActorOf, keepAccount } from '@/server/privacy/deletion';

/*
 * The grace period (issue 5). Plain form posts, so they work before (or
 * without) JavaScript; each takes its identity from the session or the token only.
 */

/** "Keep my account", by the signed-in holder of a scheduled account (anyone else is sent to sign in). */
export const keepAccountAction = defineFormAction({
  name: 'deletion.keep',
  auth: 'scheduled',
  run: async ({ session, tx, request, now }) => {
    await keepAccount(tx, deletionActorOf(session, 'scheduled'), request, now);
    // Kept now or already (another tab): either way the account is active.
    redirect('/deletion-scheduled?kept=1');
  },
});

/** Signing out of a scheduled account: `signOutAction` only ends active sessions. */
export const signOutScheduledAction = defineFormAction({
  name: 'deletion.sign-out',
  auth: 'public',
  run: async () => {
    await endThisSession(['scheduled', 'active'], 'signed_out');
    await signOut({ redirectTo: '/sign-in?reason=signed-out' });
    return null;
  },
});

/** The button behind the emailed link (a POST: link scanners only GET). */
export const cancelByLinkAction = defineFormAction({
  name: 'deletion.cancel-by-link',
  input: linkFormSchema,
  auth: 'public',
  run: async ({ input, tx, request, now }) => {
    const cancelled = await cancelDeletionByToken(tx, input.token, request, now);
    redirect(`/cancel-deletion?result=${isRefusal(cancelled) ? 'invalid' : 'cancelled'}`);
  },
});
