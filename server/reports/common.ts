import 'server-only';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { getDb, type DbOrTx, type Tx } from '@/db/client';
import { auditLog, reportEvents, reports, users } from '@/db/schema';
import { formatDateTime } from '@/lib/format';
import { REPORT_ITEMS, type ReportStatus } from '@/lib/reports';
import { getProfile } from '../account/profile';
import { isStaffRole, type Role } from '../auth/sessions';

export { actorOf, type Actor } from '../core/actor';
import type { Actor } from '../core/actor';

export type ReportRow = typeof reports.$inferSelect;

export const SIGN_IN_AGAIN = 'Your session has ended. Sign in again to continue.';
export const NOT_FOUND = 'That report was not found.';
export const STAFF_ONLY = 'Only staff can do this.';

/**
 * The actor as staff, checked against the users row (not the caller's word):
 * an active staff member or admin whose session passed two steps, or null.
 */
export async function staffFrom(db: DbOrTx, actor: Actor | null): Promise<{ userId: string; role: Role; username: string } | null> {
  // A staff session that has not passed two steps has no staff powers (issue 12).
  if (!actor || actor.multiFactor === false) return null;
  const [u] = await db.select({ role: users.role, status: users.status, username: users.username }).from(users).where(eq(users.id, actor.userId));
  if (!u || u.status !== 'active' || !isStaffRole(u.role)) return null;
  return { userId: actor.userId, role: u.role, username: u.username };
}

/** Appends one entry to the audit log (in the caller's transaction, so it exists only if the action does). */
export async function audit(
  db: DbOrTx,
  entry: { actor: { userId: string; role: Role }; action: string; subjectUserId: string | null; reportId?: number | null; conversationId?: number | null; reason?: string | null },
  now: Date,
) {
  await db.insert(auditLog).values({
    actorUserId: entry.actor.userId,
    actorRole: entry.actor.role,
    action: entry.action,
    subjectUserId: entry.subjectUserId,
    reportId: entry.reportId ?? null,
    conversationId: entry.conversationId ?? null,
    reason: entry.reason ?? (entry.reportId ? `Report #${entry.reportId}` : null),
    at: now,
  });
}

export async function addEvent(
  db: DbOrTx,
  e: { reportId: number; kind: (typeof reportEvents.$inferInsert)['kind']; status?: ReportStatus | null; body?: string | null; internal?: boolean; actor: { userId: string; role: Role } },
  now: Date,
) {
  await db.insert(reportEvents).values({
    reportId: e.reportId,
    kind: e.kind,
    status: e.status ?? null,
    body: e.body ?? null,
    internal: e.internal ?? false,
    actorUserId: e.actor.userId,
    actorRole: e.actor.role,
    at: now,
  });
}

/** The stored value of an item for a customer, as text (null: not given), and the profile version read with it. */
export async function currentValueOf(db: DbOrTx, userId: string, item: string): Promise<{ value: string | null; profileVersion: number | null }> {
  const def = REPORT_ITEMS[item];
  if (def?.field) {
    const p = await getProfile(userId, db);
    return { value: p[def.field] ?? null, profileVersion: p.version };
  }
  const [u] = await db.select({ username: users.username, email: users.email, mobile: users.mobile, createdAt: users.createdAt }).from(users).where(eq(users.id, userId));
  if (!u) return { value: null, profileVersion: null };
  const value = item === 'email' ? u.email : item === 'mobile' ? u.mobile : item === 'account.username' ? u.username : item === 'account.createdAt' ? u.createdAt.toISOString().slice(0, 10) : null;
  return { value, profileVersion: null };
}

/** Every item's current stored value for the report form. */
export async function allCurrentValues(userId: string, db: DbOrTx = getDb()): Promise<Record<string, string | null>> {
  const p = await getProfile(userId, db);
  const [u] = await db.select({ username: users.username, email: users.email, mobile: users.mobile, createdAt: users.createdAt }).from(users).where(eq(users.id, userId));
  const out: Record<string, string | null> = {};
  for (const [item, def] of Object.entries(REPORT_ITEMS)) {
    if (def.field) out[item] = p[def.field] ?? null;
  }
  if (u) Object.assign(out, { 'account.username': u.username, email: u.email, mobile: u.mobile, 'account.createdAt': u.createdAt.toISOString().slice(0, 10) });
  return out;
}

export const dueText = (d: Date) => formatDateTime(d);

/** The customer's address for service mail about a report. */
export async function customerEmail(tx: Tx, userId: string) {
  const [u] = await tx.select({ email: users.email }).from(users).where(eq(users.id, userId));
  return u?.email ?? null;
}

/** "Who accessed your information": staff and admin entries about this customer, newest first; role, never name. */
export const accessLogQuery = (userId: string, limit = 20, db: DbOrTx = getDb()) =>
  db
    .select({ id: auditLog.id, role: auditLog.actorRole, action: auditLog.action, reportId: auditLog.reportId, conversationId: auditLog.conversationId, reason: auditLog.reason, at: auditLog.at })
    .from(auditLog)
    .where(and(eq(auditLog.subjectUserId, userId), inArray(auditLog.actorRole, ['staff', 'admin'])))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit);

export async function accessLog(userId: string, limit = 20) {
  return accessLogQuery(userId, limit);
}
