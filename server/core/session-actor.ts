import 'server-only';
import { currentSession } from '../auth/current';
import { actorOf, type Actor } from './actor';

// Apart from actor.ts so that domain code importing the Actor type does not load Auth.js (and Next.js) with it.
/** The actor for a route handler: from the checked, per-request cached session; null when nobody is signed in. */
export async function sessionActor(): Promise<Actor | null> {
  return actorOf(await currentSession());
}
