import { listQueue, parseQueueQuery } from '@/server/reports/queue';
import { pollActor } from '@/server/core/session-actor';

export const dynamic = 'force-dynamic';

/**
 * The staff review queue (React Query refreshes and pages it). Checks the
 * session itself: 401 without one, and the same 404 as the admin pages for
 * anyone who is not staff.
 */
export async function GET(request: Request) {
  const actor = await pollActor(request);
  if (!actor) return Response.json({ error: 'Sign in to continue.' }, { status: 401, headers: { 'cache-control': 'no-store' } });
  // Staff data needs a session that passed two steps (issue 12); the domain check below refuses it too.
  if (!actor.multiFactor) return Response.json({ error: 'Not found' }, { status: 404, headers: { 'cache-control': 'no-store' } });
  const { filters, after } = parseQueueQuery(new URL(request.url).searchParams);
  const page = await listQueue(actor, filters, after);
  if (!page) return Response.json({ error: 'Not found' }, { status: 404, headers: { 'cache-control': 'no-store' } });
  return Response.json(page, { headers: { 'cache-control': 'no-store' } });
}
