import { listSessions } from '@/server/account/security';
import { sessionForPoll } from '@/server/auth/current';

export const dynamic = 'force-dynamic';

/** The signed-in user's live sessions. */
export async function GET(request: Request) {
  const s = await sessionForPoll(request);
  if (!s) return Response.json({ error: 'Sign in to see your sessions.' }, { status: 401 });
  return Response.json({ sessions: await listSessions(s.user.id, s.user.role, s.session.id) }, { headers: { 'cache-control': 'no-store' } });
}
