import 'server-only';
import { sessionFromHeaders } from '../auth/current';
import { actorOf, type Actor } from '../core/actor';

export { sessionActor } from '../core/session-actor';

/** The actor for a route handler serving a background read (the queue's refresh, campaign progress): the session is checked, not extended. */
export async function pollActor(request: Request): Promise<Actor | null> {
  return actorOf(await sessionFromHeaders(request.headers, 'poll'));
}
