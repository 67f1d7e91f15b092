import 'server-only';
import { and, asc, eq, inArray, or } from 'drizzle-orm';
import type { z } from 'zod';
import { getDb, type Tx } from '@/db/client';
import { reports, users } from '@/db/schema';
import { normalizeEmail, normalizeUsername } from '@/lib/validation/fields';
import type { demoteSchema, promoteSchema } from '@/lib/validation/reports';
import { revokeAllSessions } from '../auth/sessions';
import { clock } from '../clock';
import { mail } from '../mail/transport';
import { templates } from '../mail/templates';
import { audit } from '../core/audit';
import type { Actor } from '../core/actor';
import { refuse, type Refusal } from '../core/refusal';
import { adminFrom, staffPowerNeedsReauth } from '../core/staff';
import { addEvent, OPEN_REPORT_SQL } from '../reports/common';

/*
 * Staff roles, managed by admins only. Staff cannot promote anyone, themselves
 * included; an admin cannot change their own role (so the last admin cannot
 * lock everyone out). Both need a password re-authentication within the window.
 * A role change signs the person out everywhere, and promotion removes any
 * PIN: staff sign in with a password only.
 */

export async function listStaff(actor: Actor | null) {
  if (!(await adminFrom(getDb(), actor))) return null;
  return getDb()
    .select({ id: users.id, username: users.username, role: users.role, status: users.status })
    .from(users)
    .where(inArray(users.role, ['staff', 'admin']))
    .orderBy(asc(users.role), asc(users.username));
}

export async function promoteToStaff(tx: Tx, actor: Actor | null, input: z.output<typeof promoteSchema>, now = clock.now()): Promise<{ userId: string; username: string } | Refusal> {
  if (!actor) return refuse({ code: 'session_ended' });
  const admin = await adminFrom(tx, actor);
  if (!admin) return refuse({ code: 'roles_admins_only' });
  const stale = staffPowerNeedsReauth(actor, now);
  if (stale) return stale;
  const who = input.user;
  const [target] = await tx
    .select()
    .from(users)
    .where(or(eq(users.username, normalizeUsername(who)), eq(users.emailNormalized, normalizeEmail(who))))
    .for('update');
  if (!target) return refuse({ code: 'role_no_account', field: 'user' });
  if (target.id === admin.userId) return refuse({ code: 'role_own', field: 'user' });
  if (target.status !== 'active') return refuse({ code: 'role_account_inactive', field: 'user' });
  if (target.role === input.role) return refuse({ code: input.role === 'admin' ? 'role_already_admin' : 'role_already_staff', field: 'user', params: { username: target.username } });
  const pinRemoved = !!target.pinHash;
  await tx.update(users).set({ role: input.role, pinHash: null, updatedAt: now }).where(eq(users.id, target.id));
  await revokeAllSessions(tx, target.id, 'role_changed', now);
  await audit(tx, { actor: admin, action: 'staff.promoted', subjectUserId: target.id, reason: `${target.role} → ${input.role}: ${input.reason}` }, now);
  await mail.sendEmail({ to: target.email, userId: target.id, ...(await templates.roleChanged(input.role, pinRemoved)) }, tx);
  return { userId: target.id, username: target.username };
}

/** Back to customer. Their claims go back to the queue, unassigned. */
export async function demoteStaff(tx: Tx, actor: Actor | null, input: z.output<typeof demoteSchema>, now = clock.now()): Promise<{ userId: string } | Refusal> {
  if (!actor) return refuse({ code: 'session_ended' });
  const admin = await adminFrom(tx, actor);
  if (!admin) return refuse({ code: 'roles_admins_only' });
  const stale = staffPowerNeedsReauth(actor, now);
  if (stale) return stale;
  if (input.userId === admin.userId) return refuse({ code: 'role_own' });
  const [target] = await tx.select().from(users).where(eq(users.id, input.userId)).for('update');
  if (!target || target.role === 'customer') return refuse({ code: 'role_not_staff' });
  await tx.update(users).set({ role: 'customer', updatedAt: now }).where(eq(users.id, target.id));
  const released = await tx
    .update(reports)
    .set({ claimedBy: null, claimedAt: null, updatedAt: now })
    .where(and(eq(reports.claimedBy, target.id), OPEN_REPORT_SQL))
    .returning({ id: reports.id });
  for (const r of released) await addEvent(tx, { reportId: r.id, kind: 'assignment', body: `Released: ${target.username} is no longer staff`, internal: true, actor: admin }, now);
  await revokeAllSessions(tx, target.id, 'role_changed', now);
  await audit(tx, { actor: admin, action: 'staff.demoted', subjectUserId: target.id, reason: `${target.role} → customer: ${input.reason}` }, now);
  await mail.sendEmail({ to: target.email, userId: target.id, ...(await templates.roleChanged('customer', false)) }, tx);
  return { userId: target.id };
}
