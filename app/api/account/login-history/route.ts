import { loginHistory } from '@/server/account/security';
import { sessionForPoll } from '@/server/auth/current';

export const dynamic = 'force-dynamic';

/** A page of the signed-in user's own sign-in history; `before` is the last id of the previous page. */
export async function GET(request: Request) {
  const s = await sessionForPoll(request);
  if (!s) return Response.json({ error: 'Sign in to see your sign-in history.' }, { status: 401 });
  const before = new URL(request.url).searchParams.get('before');
  const cursor = before && /^\d{1,15}$/.test(before) ? Number(before) : undefined;
  if (before && cursor === undefined) return Response.json({ error: 'Bad cursor.' }, { status: 400 });
  return Response.json(await loginHistory(s.user.id, { before: cursor }), { headers: { 'cache-control': 'no-store' } });
}
