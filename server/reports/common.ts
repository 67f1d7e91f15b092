import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { getDb, type DbOrTx, type Tx } from '@/db/client';
import { reportEvents, reports, users } from '@/db/schema';
import { formatDateTime } from '@/lib/format';
import { OPEN_STATUSES, REPORT_ITEMS, type ReportStatus } from '@/lib/reports';
import { getProfile } from '../account/profile';
import type { Role } from '../auth/sessions';

export type ReportRow = typeof reports.$inferSelect;

/** A report that is open: confirmed and not decided (lib/reports OPEN_STATUSES), the one predicate every query uses. */
export const OPEN_REPORT_SQL = sql.raw(`"reports"."status" in (${OPEN_STATUSES.map((s) => `'${s}'`).join(', ')})`);

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
