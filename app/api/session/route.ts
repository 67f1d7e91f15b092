import { auth } from '@/server/auth/next-auth';
import { loadSession } from '@/server/auth/sessions';

export const dynamic = 'force-dynamic';

/** Session status for the idle-timeout dialog. Reading it is not activity: it never extends the session. */
export async function GET() {
  const jwt = (await auth()) as { sid?: string } | null;
  const s = jwt?.sid ? await loadSession(jwt.sid, { touch: false }) : { state: 'missing' as const };
  const body = s.state === 'active' ? { active: true, expiresAt: s.expiresAt.toISOString() } : { active: false, reason: s.state };
  return Response.json(body, { status: s.state === 'active' ? 200 : 401, headers: { 'cache-control': 'no-store' } });
}
