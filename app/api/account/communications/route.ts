import { sessionForApi } from '@/server/auth/current';
import { preferencesView } from '@/server/consent/preferences';

export const dynamic = 'force-dynamic';

/** The signed-in user's email choices and consent history (the preference center refetches it after changes). */
export async function GET() {
  const s = await sessionForApi();
  const view = s && (await preferencesView(s.user.id));
  if (!view) return Response.json({ error: 'Sign in to see your email choices.' }, { status: 401 });
  return Response.json(view, { headers: { 'cache-control': 'no-store' } });
}
