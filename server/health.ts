import 'server-only';
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';

/** One database round trip, bounded so a hung connection reports unhealthy quickly. */
export async function checkHealth(db: Database, timeoutMs = 2000): Promise<{ ok: boolean; dbMs?: number }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([db.execute(sql`select 1`), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), timeoutMs)))]);
    return { ok: true, dbMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch {
    return { ok: false };
  } finally {
    clearTimeout(timer);
  }
}
