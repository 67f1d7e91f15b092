import 'server-only';
import { isMultiFactorSession } from '../auth/factors';
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
  /**
   * Whether the session passed two steps. Staff checks (server/core/staff.ts
   * staffFrom) refuse an actor whose session did not (`false`); actors made
   * for a looked-up account rather than a caller leave it unset.
   */
  multiFactor?: boolean;
  /** Which secret that re-authentication used (server/auth/reauth.ts decides what each action accepts). */
  reauthMethod?: ReauthMethod | null;
}

export const actorOf = (s: LoadedSession): Actor | null =>
  s.state === 'active'
    ? { userId: s.user.id, role: s.user.role, sessionId: s.session.id, reauthenticatedAt: s.session.reauthenticatedAt, reauthMethod: s.session.reauthMethod, multiFactor: isMultiFactorSession(s.session) }
    : null;
