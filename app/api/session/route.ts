import { sessionFromHeaders } from '@/server/auth/current';

export const dynamic = 'force-dynamic';

/** Session status for the idle-timeout dialog. Reading it is not activity: it never extends the session. */
export async function GET(request: Request) {
  const s = await sessionFromHeaders(request.headers, 'poll');
  const body = s.state === 'active' ? { active: true, expiresAt: s.expiresAt.toISOString() } : { active: false, reason: s.state };
  return Response.json(body, { status: s.state === 'active' ? 200 : 401, headers: { 'cache-control': 'no-store' } });
}
