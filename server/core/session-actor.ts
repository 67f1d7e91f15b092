import 'server-only';
import { currentSession, sessionFromHeaders } from '../auth/current';
import { actorOf, type Actor } from './actor';

// Apart from actor.ts so that domain code importing the Actor type does not load Auth.js (and Next.js) with it.

/** The actor for a page or route handler: from the checked, per-request cached session; null when nobody is signed in. */
export async function sessionActor(): Promise<Actor | null> {
  return actorOf(await currentSession());
}

/** The actor for a route handler serving a background read (the queue's refresh, campaign progress): the session is checked, not extended. */
export async function pollActor(request: Request): Promise<Actor | null> {
  return actorOf(await sessionFromHeaders(request.headers, 'poll'));
}
