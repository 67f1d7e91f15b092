'use server';
import { deleteAccountSchema } from '@/lib/validation/deletion';
import { signOut } from '@/server/auth/next-auth';
import { defineAction, settled } from '@/server/core/action';
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
  run: async ({ input, session, request, now }) => {
    const result = await scheduleDeletion(deletionActorOf(session, 'active'), input, request, now);
    if (!result.ok) return settled(result);
    await signOut({ redirect: false });
    return { redirectTo: `/deletion-requested?on=${encodeURIComponent(result.data.purgeAfter)}` };
  },
});
