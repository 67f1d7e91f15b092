import 'server-only';
import type { ReauthMethod } from '../auth/reauth';
import type { LoadedSession, Role } from '../auth/sessions';

/**
 * Who is asking: built from the checked session by the action pipeline or a route
 * handler, passed to every domain function, which decides from it alone (and the
 * database) whether the call is allowed. `null`: nobody signed in.
 */
export interface Actor {
  userId: string;
  role: Role;
  sessionId?: string;
  reauthenticatedAt?: Date | null;
  /** Which secret that re-authentication used (server/auth/reauth.ts decides what each action accepts). */
  reauthMethod?: ReauthMethod | null;
}

export const actorOf = (s: LoadedSession): Actor | null =>
  s.state === 'active'
    ? { userId: s.user.id, role: s.user.role, sessionId: s.session.id, reauthenticatedAt: s.session.reauthenticatedAt, reauthMethod: s.session.reauthMethod }
    : null;

// sessionActor (the actor of this request) lives in ./session-actor.ts: it needs Auth.js, and the domain
// modules that import this file (and their tests, which run outside Next.js) must not load it.
