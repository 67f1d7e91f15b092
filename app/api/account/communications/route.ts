import { sessionForPoll } from '@/server/auth/current';
import { preferencesView } from '@/server/consent/preferences';

export const dynamic = 'force-dynamic';

/** The signed-in user's email choices and consent history (the preference center refetches it after changes). */
export async function GET(request: Request) {
  const s = await sessionForPoll(request);
  const view = s && (await preferencesView(s.user.id));
  if (!view) return Response.json({ error: 'Sign in to see your email choices.' }, { status: 401 });
  return Response.json(view, { headers: { 'cache-control': 'no-store' } });
}
