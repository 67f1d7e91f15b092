import { getDb } from '@/server/core/db';
import { checkHealth } from '@/server/health';

export const dynamic = 'force-dynamic';

export async function GET() {
  const health = await checkHealth(getDb());
  return Response.json({ status: health.ok ? 'ok' : 'unavailable', ...health }, { status: health.ok ? 200 : 503, headers: { 'cache-control': 'no-store' } });
}
