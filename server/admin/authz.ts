import 'server-only';
import type { DbOrTx } from '@/db/client';
import { messageFor } from '@/lib/messages';
import { fail, type ActionResult } from '@/lib/result';
import { isRecentlyReauthenticated, STEP_UP } from '../auth/reauth';
import { staffFrom, type Actor } from '../reports/common';

export const ADMINS_ONLY = 'Only administrators can do this.';

/** The actor as an administrator, checked against the users row (active, role admin), or null. */
export async function adminFrom(db: DbOrTx, actor: Actor | null) {
  const staff = await staffFrom(db, actor);
  return staff?.role === 'admin' ? staff : null;
}

/**
 * Staff powers (roles, publishing a policy, sending a campaign) need a password
 * re-authentication within the window, checked after the role so that a
 * non-admin still hears only "admins only". The answer when it is missing.
 */
export function staffPowerNeedsReauth(actor: Actor, now: Date): ActionResult<never> | null {
  return isRecentlyReauthenticated(actor, now, STEP_UP.staffPower) ? null : fail(messageFor({ code: 'needs_reauth' }));
}
