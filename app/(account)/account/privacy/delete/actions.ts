'use server';
import { deleteAccountSchema } from '@/lib/validation/deletion';
import { signOut } from '@/server/auth/next-auth';
import { defineAction, isRefusal } from '@/server/core/action';
import { deletionActorOf, scheduleDeletion } from '@/server/privacy/deletion';

/**
 * Schedules the signed-in customer's own account for deletion (the user id
 * comes from the session only), then clears this browser's cookie: every
 * session row is already revoked. The page after it is public, so it gets the date in its address.
 */
export const scheduleDeletionAction = defineAction({
  name: 'privacy.schedule-deletion',
  input: deleteAccountSchema,
  auth: 'customer',
  run: async ({ input, session, tx, request, now }) => {
    const scheduled = await scheduleDeletion(tx, deletionActorOf(session, 'active'), input, request, now);
    return isRefusal(scheduled) ? scheduled : { redirectTo: `/deletion-requested?on=${encodeURIComponent(scheduled.purgeAfter)}` };
  },
  // After the commit: Auth.js's own writes would wait on the session rows the schedule revoked (and locked).
  after: () => signOut({ redirect: false }).then(() => undefined),
});
