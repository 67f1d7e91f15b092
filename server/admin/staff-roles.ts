import 'server-only';
import { and, asc, eq, inArray, or } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { reports, users } from '@/db/schema';
import { fail, ok, type ActionResult } from '@/lib/result';
import { fieldErrorsOf } from '@/lib/validation/auth';
import { normalizeEmail, normalizeUsername } from '@/lib/validation/fields';
import { demoteSchema, promoteSchema } from '@/lib/validation/reports';
import { revokeAllSessions } from '../auth/sessions';
import { clock } from '../clock';
import { mail } from '../mail/transport';
import { templates } from '../mail/templates';
import { audit } from '../core/audit';
import type { Actor } from '../core/actor';
import { staffFrom, staffPowerNeedsReauth } from '../core/staff';
import { addEvent, OPEN_REPORT_SQL, SIGN_IN_AGAIN } from '../reports/common';

/*
 * Staff roles, managed by admins only. Staff cannot promote anyone, themselves
 * included; an admin cannot change their own role (so the last admin cannot
 * lock everyone out). Both need a password re-authentication within the window.
 * A role change signs the person out everywhere, and promotion removes any
 * PIN: staff sign in with a password only.
 */

const ADMINS_ONLY = 'Only administrators can change roles.';

async function adminFrom(actor: Actor | null) {
  const staff = await staffFrom(getDb(), actor);
  return staff?.role === 'admin' ? staff : null;
}

export async function listStaff(actor: Actor | null) {
  if (!(await adminFrom(actor))) return null;
  return getDb()
    .select({ id: users.id, username: users.username, role: users.role, status: users.status })
    .from(users)
    .where(inArray(users.role, ['staff', 'admin']))
    .orderBy(asc(users.role), asc(users.username));
}

export async function promoteToStaff(actor: Actor | null, raw: unknown, now = clock.now()): Promise<ActionResult<{ userId: string; username: string }>> {
  if (!actor) return fail(SIGN_IN_AGAIN);
  const parsed = promoteSchema.safeParse(raw);
  if (!parsed.success) return fail(undefined, fieldErrorsOf(parsed.error));
  return getDb().transaction(async (tx) => {
    const admin = await staffFrom(tx, actor);
    if (admin?.role !== 'admin') return fail(ADMINS_ONLY);
    const stale = staffPowerNeedsReauth(actor, now);
    if (stale) return stale;
    const who = parsed.data.user;
    const [target] = await tx
      .select()
      .from(users)
      .where(or(eq(users.username, normalizeUsername(who)), eq(users.emailNormalized, normalizeEmail(who))))
      .for('update');
    if (!target) return fail(undefined, { user: ['No account has that username or email address.'] });
    if (target.id === admin.userId) return fail(undefined, { user: ['You cannot change your own role.'] });
    if (target.status !== 'active') return fail(undefined, { user: ['That account is not active.'] });
    if (target.role === parsed.data.role) return fail(undefined, { user: [`${target.username} is already ${parsed.data.role === 'admin' ? 'an administrator' : 'staff'}.`] });
    const pinRemoved = !!target.pinHash;
    await tx.update(users).set({ role: parsed.data.role, pinHash: null, updatedAt: now }).where(eq(users.id, target.id));
    await revokeAllSessions(tx, target.id, 'role_changed', now);
    await audit(tx, { actor: admin, action: 'staff.promoted', subjectUserId: target.id, reason: `${target.role} → ${parsed.data.role}: ${parsed.data.reason}` }, now);
    await mail.sendEmail({ to: target.email, userId: target.id, ...(await templates.roleChanged(parsed.data.role, pinRemoved)) }, tx);
    return ok({ userId: target.id, username: target.username });
  });
}

/** Back to customer. Their claims go back to the queue, unassigned. */
export async function demoteStaff(actor: Actor | null, raw: unknown, now = clock.now()): Promise<ActionResult<{ userId: string }>> {
  if (!actor) return fail(SIGN_IN_AGAIN);
  const parsed = demoteSchema.safeParse(raw);
  if (!parsed.success) return fail(undefined, fieldErrorsOf(parsed.error));
  return getDb().transaction(async (tx) => {
    const admin = await staffFrom(tx, actor);
    if (admin?.role !== 'admin') return fail(ADMINS_ONLY);
    const stale = staffPowerNeedsReauth(actor, now);
    if (stale) return stale;
    if (parsed.data.userId === admin.userId) return fail('You cannot change your own role.');
    const [target] = await tx.select().from(users).where(eq(users.id, parsed.data.userId)).for('update');
    if (!target || target.role === 'customer') return fail('That person is not staff.');
    await tx.update(users).set({ role: 'customer', updatedAt: now }).where(eq(users.id, target.id));
    const released = await tx
      .update(reports)
      .set({ claimedBy: null, claimedAt: null, updatedAt: now })
      .where(and(eq(reports.claimedBy, target.id), OPEN_REPORT_SQL))
      .returning({ id: reports.id });
    for (const r of released) await addEvent(tx, { reportId: r.id, kind: 'assignment', body: `Released: ${target.username} is no longer staff`, internal: true, actor: admin }, now);
    await revokeAllSessions(tx, target.id, 'role_changed', now);
    await audit(tx, { actor: admin, action: 'staff.demoted', subjectUserId: target.id, reason: `${target.role} → customer: ${parsed.data.reason}` }, now);
    await mail.sendEmail({ to: target.email, userId: target.id, ...(await templates.roleChanged('customer', false)) }, tx);
    return ok({ userId: target.id });
  });
}
