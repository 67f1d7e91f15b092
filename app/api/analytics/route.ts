import { after } from 'next/server';
import { getDb, trackWrite } from '@/server/core/db';
import { recordBeacon, screenBeacon } from '@/server/analytics/ingest';
import { log } from '@/server/log';
import { contextFrom } from '@/server/request';

export const dynamic = 'force-dynamic';

/**
 * The anonymous analytics beacon (navigator.sendBeacon). POST only (Next.js
 * answers 405 to other methods). It never reads cookies or the session: the
 * browser sends our cookies with the beacon, and they are ignored. The answer
 * comes as soon as the beacon is screened; the reverse DNS look-up and the
 * insert finish after it.
 */
export async function POST(request: Request) {
  const { ip } = contextFrom(request.headers);
  let status = 204;
  try {
    const decision = await screenBeacon({ headers: request.headers, body: request.body, ip });
    status = decision.status;
    if (decision.beacon) {
      // Stored while the answer goes out: tracked, so a shutdown waits for it (scripts/serve.ts), and handed to `after`.
      const write = trackWrite(recordBeacon(getDb(), decision.beacon, ip).catch((err: unknown) => log.warn({ event: 'analytics_beacon_failed', err })));
      after(() => write);
    }
  } catch (e) {
    // Analytics must never turn into an error page or a 500 for the visitor.
    log.warn({ event: 'analytics_beacon_failed', err: e });
  }
  return new Response(null, { status, headers: { 'cache-control': 'no-store' } });
}
