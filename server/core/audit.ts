import 'server-only';
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { auditLog } from '@/db/schema';
import type { Role } from '../auth/sessions';
import type { Bindable } from '@/db/prepared';

/*
 * The append-only audit log every feature writes to (reports, contact, consent,
 * campaigns, policy, staff roles, the admin account), and the customer's view of it.
 */

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

/**
 * "Who accessed your information": staff and admin entries about this customer, newest first; role, never name.
 * The query itself (awaitable), so a page can send it with its other reads in one statement (db/read-together.ts).
 */
export const accessLog = (db: DbOrTx, userId: Bindable<string>, limit = 20) =>
  db
    .select({ id: auditLog.id, role: auditLog.actorRole, action: auditLog.action, reportId: auditLog.reportId, conversationId: auditLog.conversationId, reason: auditLog.reason, at: auditLog.at })
    .from(auditLog)
    .where(and(eq(auditLog.subjectUserId, userId), inArray(auditLog.actorRole, ['staff', 'admin'])))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit);
