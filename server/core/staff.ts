import 'server-only';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { users } from '@/db/schema';
import { isRecentlyReauthenticated, STEP_UP } from '../auth/reauth';
import { isStaffRole, type Role } from '../auth/sessions';
import type { Actor } from './actor';
import { refuse, type Refusal } from './refusal';

/*
 * Staff checks every staff feature shares (reports, contact, consent, campaigns,
 * policy, staff roles): the caller's word is never enough, the users row decides.
 */

/** A checked member of staff (or admin). */
export type Staff = { userId: string; role: Role; username: string };

/**
 * The actor as staff, checked against the users row (not the caller's word):
 * an active staff member or admin whose session passed two steps, or null.
 */
export async function staffFrom(db: DbOrTx, actor: Actor | null): Promise<Staff | null> {
  // A staff session that has not passed two steps has no staff powers (issue 12).
  if (!actor || actor.multiFactor === false) return null;
  const [u] = await db.select({ role: users.role, status: users.status, username: users.username }).from(users).where(eq(users.id, actor.userId));
  if (!u || u.status !== 'active' || !isStaffRole(u.role)) return null;
  return { userId: actor.userId, role: u.role, username: u.username };
}

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
export function staffPowerNeedsReauth(actor: Actor, now: Date): Refusal | null {
  return isRecentlyReauthenticated(actor, now, STEP_UP.staffPower) ? null : refuse({ code: 'needs_reauth' });
}
