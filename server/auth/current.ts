import 'server-only';
import { notFound, redirect } from 'next/navigation';
import { cache } from 'react';
import { auth } from './next-auth';
import { isMultiFactorSession } from './factors';
import { isStaffRole, loadSession, type LoadedSession } from './sessions';

/**
 * The signed-in session for this request, checked against the `sessions` row
 * (revocation, idle and absolute timeout). Cached per request, so a page, its
 * layout and its actions load it once.
 */
export const currentSession = cache(async (): Promise<LoadedSession> => {
  const jwt = await auth();
  const sid = (jwt as { sid?: string } | null)?.sid;
  if (!sid) return { state: 'missing' };
  return loadSession(sid, { touch: true });
});

const TIMED_OUT = new Set(['idle_timeout', 'absolute_timeout']);

/** Where an account scheduled for deletion lands whatever it asks for: the purge date and "Keep my account". */
export const SCHEDULED_PAGE = '/deletion-scheduled';

/**
 * For pages and actions: the active user, or a redirect to sign-in (saying why
 * when it timed out). An account scheduled for deletion goes to its grace-period page instead.
 */
export async function requireUser() {
  const s = await currentSession();
  if (s.state === 'scheduled') redirect(SCHEDULED_PAGE);
  if (s.state !== 'active') redirect(TIMED_OUT.has(s.state) ? '/sign-in?reason=timeout' : '/sign-in');
  return s;
}

/** The page where staff without a second factor set one up: the only staff page they can reach. */
export const STAFF_ENROL_PAGE = '/admin/two-step';

/**
 * Staff and admins only; everyone else gets a plain 404, not a hint that the
 * page exists. A staff session that did not pass two steps goes to the enrolment page.
 */
export async function requireStaff() {
  const s = await requireStaffAccount();
  if (!isMultiFactorSession(s.session)) redirect(STAFF_ENROL_PAGE);
  return s;
}

/** Staff and admins, with or without a second factor: only for the admin layout and the enrolment page. */
export async function requireStaffAccount() {
  const s = await currentSession();
  if (s.state !== 'active' || !isStaffRole(s.user.role)) notFound();
  return s;
}

/** For staff route handlers: the active staff session that passed two steps, or null (401/403 by the handler). */
export async function staffSessionForApi() {
  const s = await currentSession();
  return s.state === 'active' && isStaffRole(s.user.role) && isMultiFactorSession(s.session) ? s : null;
}

/** For route handlers: the active session or null (the handler answers 401 itself). */
export async function sessionForApi() {
  const s = await currentSession();
  return s.state === 'active' ? s : null;
}
