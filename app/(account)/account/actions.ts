'use server';
import { ok, type ActionResult } from '@/lib/result';
import { currentSession, requireUser } from '@/server/auth/current';
import { signOut } from '@/server/auth/next-auth';
import { revokeSession } from '@/server/auth/sessions';
import { acknowledgePolicy } from '@/server/policy/versions';
import { sessionActor } from '@/server/core/session-actor';
import { requestContext } from '@/server/request';

/** Ends this session's row (so a copied cookie is dead too), then clears the cookie. */
export async function signOutAction(): Promise<void> {
  const s = await currentSession();
  if (s.state === 'active') await revokeSession(s.session.id, 'signed_out');
  await signOut({ redirectTo: '/sign-in?reason=signed-out' });
}

/** "Stay signed in": any authenticated request is activity; this one just reports the new expiry. */
export async function staySignedIn(): Promise<ActionResult<{ expiresAt: string }>> {
  const s = await requireUser();
  return ok({ expiresAt: s.expiresAt.toISOString() });
}

/** Records that the signed-in customer has seen a policy version (with IP and user agent), so its notice goes away. */
export async function acknowledgePolicyAction(id: unknown): Promise<ActionResult<{ id: number }>> {
  return acknowledgePolicy(await sessionActor(), id, await requestContext());
}
