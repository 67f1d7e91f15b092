import 'server-only';
import { desc, eq } from 'drizzle-orm';
import { getDb, type DbOrTx } from '@/db/client';
import { securityEvents } from '@/db/schema';
import { describeDevice } from '@/lib/device';
import { securityEventLabel, type SecurityEventView } from '@/lib/privacy';
import type { Bindable } from '@/db/prepared';

/** Account activity besides sign-ins (data downloads, deletion scheduled or cancelled), newest first. */
export async function listSecurityEvents(userId: string, limit = 20): Promise<SecurityEventView[]> {
  return securityEventsFrom(await securityEventsQuery(userId, limit));
}

export const securityEventsQuery = (userId: Bindable<string>, limit = 20, db: DbOrTx = getDb()) => db.select().from(securityEvents).where(eq(securityEvents.userId, userId)).orderBy(desc(securityEvents.id)).limit(limit);

export function securityEventsFrom(rows: Awaited<ReturnType<typeof securityEventsQuery>>): SecurityEventView[] {
  return rows.map((e) => ({ id: String(e.id), kind: e.kind, label: securityEventLabel(e.kind), ip: e.ip, device: describeDevice(e.userAgent), at: e.createdAt.toISOString() }));
}
