import 'server-only';
import { getToken } from 'next-auth/jwt';
import { headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { cache } from 'react';
import { env } from '../env';
import { secureCookies, sessionCookieName } from './cookies';
import { cookieValue, DecodedCookies } from './decoded-cookies';
import { isMultiFactorSession } from './factors';
import { isStaffRole, loadSession, revokeSession, type LoadedSession } from './sessions';

/**
 * Whether a request is the user doing something (it extends the idle timeout)
 * or a background read (it does not). docs/decisions/018.
 * - `activity`: a page navigation, a server action, a route handler the user
 *   triggers that changes something (the data export).
 * - `poll`: route handlers that serve reads the page makes by itself (the
 *   session status, the sessions list, the staff queue, campaign progress,
 *   sign-in history, email choices), and the router's prefetches of links in view.
 */
export type RequestKind = 'activity' | 'poll';

/** Next's router marks its prefetches (a link scrolled into view is not the user doing anything). */
export const kindOfNavigation = (h: Headers): RequestKind => (h.has('next-router-prefetch') ? 'poll' : 'activity');

const decoded = new DecodedCookies<{ sid: string | null }>();

/** The `sid` claim of the Auth.js session cookie in these headers (only the cookie counts, never an Authorization header). */
async function sessionIdFrom(h: Headers): Promise<string | null> {
  const name = sessionCookieName();
  const cookie = h.get('cookie') ?? '';
  const value = cookieValue(cookie, name);
  if (!value) return null;
  const claims = await decoded.get(value, async () => {
    const token = await getToken({ req: { headers: new Headers({ cookie }) }, secret: env().AUTH_SECRET, secureCookie: secureCookies(), cookieName: name, salt: name });
    if (!token || typeof token.exp !== 'number') return null;
    return { claims: { sid: typeof token.sid === 'string' ? token.sid : null }, expiresAtMs: token.exp * 1000 };
  });
  return claims?.sid ?? null;
}

/**
 * The session of the request with these headers, checked against its
 * `sessions` row (revocation, idle and absolute timeout) whatever the kind;
 * only `activity` moves `last_seen_at`.
 */
export async function sessionFromHeaders(h: Headers, kind: RequestKind, opts: { notice?: boolean } = {}): Promise<LoadedSession> {
  const sid = await sessionIdFrom(h);
  if (!sid) return { state: 'missing' };
  return loadSession(sid, { touch: kind === 'activity', notice: opts.notice });
}

/**
 * For pages, layouts and server actions: the signed-in session, recorded as
 * activity (unless this is a router prefetch). Cached per request, so a page,
 * its layout and its actions load it once, in one query that also brings the
 * privacy policy notice the account layout shows (docs/decisions/033).
 */
export const currentSession = cache(async (): Promise<LoadedSession> => {
  const h = await headers();
  return sessionFromHeaders(h, kindOfNavigation(h), { notice: true });
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

/** For route handlers the user triggers to change something (the export): the active session, as activity, or null (the handler answers 401 itself). */
export async function sessionForApi() {
  const s = await currentSession();
  return s.state === 'active' ? s : null;
}

/** For route handlers serving background reads: the active session, checked but not extended, or null (401). */
export async function sessionForPoll(request: Request) {
  const s = await sessionFromHeaders(request.headers, 'poll');
  return s.state === 'active' ? s : null;
}

/** Signing out: ends this request's session row (so a copied cookie is dead too) when it is in one of `states`. */
export async function endThisSession(states: ('active' | 'scheduled')[], reason: string) {
  const s = await currentSession();
  if ((s.state === 'active' || s.state === 'scheduled') && states.includes(s.state)) await revokeSession(s.session.id, reason);
}
