import 'server-only';
import { currentSession } from '../auth/current';
import { actorOf, type Actor } from '../core/actor';

/**
 * The actor for a route handler or action: from the checked, per-request cached
 * session; null when nobody is signed in. Kept apart from core/actor.ts so that
 * domain modules (and their tests) can use Actor without loading Auth.js.
 */
export async function sessionActor(): Promise<Actor | null> {
  return actorOf(await currentSession());
}
