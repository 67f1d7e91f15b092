import 'server-only';
import { desc, eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { securityEvents } from '@/db/schema';
import { describeDevice } from '@/lib/device';
import { securityEventLabel, type SecurityEventView } from '@/lib/privacy';

/** Account activity besides sign-ins (data downloads, deletion scheduled or cancelled), newest first. */
export async function listSecurityEvents(userId: string, limit = 20): Promise<SecurityEventView[]> {
  const rows = await getDb().select().from(securityEvents).where(eq(securityEvents.userId, userId)).orderBy(desc(securityEvents.id)).limit(limit);
  return rows.map((e) => ({ id: String(e.id), kind: e.kind, label: securityEventLabel(e.kind), ip: e.ip, device: describeDevice(e.userAgent), at: e.createdAt.toISOString() }));
}
