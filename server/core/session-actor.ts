import 'server-only';
import { currentSession } from '../auth/current';
import { actorOf, type Actor } from './actor';

/** The actor for a route handler: from the checked, per-request cached session; null when nobody is signed in. */
export async function sessionActor(): Promise<Actor | null> {
  return actorOf(await currentSession());
}
