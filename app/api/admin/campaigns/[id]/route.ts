import { getCampaign } from '@/server/campaigns/campaigns';
import { pollActor } from '@/server/core/session-actor';

export const dynamic = 'force-dynamic';

const noStore = { 'cache-control': 'no-store' };

/** A campaign's progress, polled by its page while it sends. 401 without a session; the admin pages' 404 for anyone not an admin. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const actor = await pollActor(request);
  if (!actor) return Response.json({ error: 'Sign in to continue.' }, { status: 401, headers: noStore });
  // Staff data needs a session that passed two steps (issue 12); the domain check below refuses it too.
  if (!actor.multiFactor) return Response.json({ error: 'Not found' }, { status: 404, headers: noStore });
  const campaign = await getCampaign(actor, (await params).id);
  if (!campaign) return Response.json({ error: 'Not found' }, { status: 404, headers: noStore });
  const { body: _body, ...progress } = campaign;
  return Response.json(progress, { headers: noStore });
}
