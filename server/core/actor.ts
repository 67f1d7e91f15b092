import 'server-only';
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
}

export const actorOf = (s: LoadedSession): Actor | null =>
  s.state === 'active' ? { userId: s.user.id, role: s.user.role, sessionId: s.session.id, reauthenticatedAt: s.session.reauthenticatedAt } : null;
