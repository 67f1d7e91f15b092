'use server';
import { policyRefSchema } from '@/lib/validation/policy';
import { endThisSession } from '@/server/auth/current';
import { signOut } from '@/server/auth/next-auth';
import { defineAction, defineFormAction } from '@/server/core/action';
import { acknowledgePolicy } from '@/server/policy/versions';

/** Ends this session's row (so a copied cookie is dead too), then clears the cookie. */
export const signOutAction = defineFormAction({
  name: 'auth.sign-out',
  auth: 'public',
  run: async () => {
    await endThisSession(['active'], 'signed_out');
    await signOut({ redirectTo: '/sign-in?reason=signed-out' });
    return null;
  },
});

/** "Stay signed in": any authenticated request is activity; this one just reports the new expiry. */
export const staySignedIn = defineAction({
  name: 'auth.stay-signed-in',
  auth: 'customer',
  run: async ({ session }) => ({ expiresAt: session.expiresAt.toISOString() }),
});

/** Records that the signed-in customer has seen a policy version (with IP and user agent), so its notice goes away. */
export const acknowledgePolicyAction = defineAction({
  name: 'policy.acknowledge',
  input: policyRefSchema,
  auth: 'customer',
  ref: 'id',
  refresh: true,
  run: async ({ input, actor, tx, request, now }) => acknowledgePolicy(tx, actor, input.id, request, now),
});
