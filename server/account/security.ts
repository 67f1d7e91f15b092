import 'server-only';
import { and, desc, eq, gt, isNull, lt, ne, sql } from 'drizzle-orm';
import { getDb, type DbOrTx, type Tx } from '@/db/client';
import { loginEvents, sessions, users } from '@/db/schema';
import { describeDevice } from '@/lib/device';
import { passwordContextProblem } from '@/lib/validation/auth';
import { RESET_LINK_MINUTES } from '@/lib/policy';
import { clock } from '../clock';
import { hashSecret, verifySecret } from '../auth/hash';
import { commonPasswordProblem } from '../auth/password-strength';
import { isStaffRole, revokeAllSessions, revokeOtherSessions, sessionState, type Role } from '../auth/sessions';
import { clearThrottle, PASSWORD_POLICY, withThrottle } from '../auth/throttle';
import { mail } from '../mail/transport';
import { templates } from '../mail/templates';
import type { RequestContext } from '../request';
import { createLinkToken, endResetLinks } from '../verifications';
import { recordChange } from './profile';
import type { LoginEventView, LoginHistoryPage, SessionView } from '@/lib/security-types';
import { throttleKeys } from '../auth/throttle-keys';
import type { MessageCode } from '@/lib/messages';
import { refuse, type Refusal } from '../core/refusal';
import { timestamptz, type Bindable } from '@/db/prepared';

export const LOGIN_HISTORY_DAYS = 90;


/** The user's live sessions, this one first. */
export const sessionsQuery = (userId: Bindable<string>, now: Bindable<Date> = clock.now(), db: DbOrTx = getDb()) =>
  db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.absoluteExpiresAt, now)))
    .orderBy(desc(sessions.lastSeenAt));

export async function listSessions(userId: string, role: Role, currentId: string, now = clock.now()): Promise<SessionView[]> {
  return sessionsFrom(await sessionsQuery(userId, now), role, currentId, now);
}

/** The live sessions among `sessionsQuery`'s rows, as the page shows them (this one first). */
export function sessionsFrom(rows: Awaited<ReturnType<typeof sessionsQuery>>, role: Role, currentId: string, now: Date): SessionView[] {
  return rows
    .filter((s) => sessionState(s, role, now) === 'active')
    .map((s) => ({ id: s.id, device: describeDevice(s.userAgent), ip: s.ip, method: s.authMethod, secondFactor: s.secondFactor, createdAt: s.createdAt.toISOString(), lastSeenAt: s.lastSeenAt.toISOString(), current: s.id === currentId }))
    .sort((a, b) => Number(b.current) - Number(a.current));
}

/** Ends one of the user's own sessions; another user's session id matches nothing. */
export async function endSession(db: DbOrTx, userId: string, sessionId: string, now = clock.now()) {
  const ended = await db
    .update(sessions)
    .set({ revokedAt: now, revokedReason: 'ended_by_user' })
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return ended.length === 1;
}

export async function endOtherSessions(db: DbOrTx, userId: string, keepId: string, now = clock.now()) {
  await revokeOtherSessions(db, userId, keepId, 'signed_out_others', now);
}


/** One page of sign-in history (newest first, last 90 days), keyset-paged by id. */
export async function loginHistory(userId: string, opts: { before?: number; limit?: number } = {}, now = clock.now()): Promise<LoginHistoryPage> {
  return loginHistoryFrom(await loginHistoryQuery(userId, opts, now), opts);
}

const historyLimit = (opts: { limit?: number }) => Math.min(Math.max(opts.limit ?? 20, 1), 100);

export function loginHistoryQuery(userId: Bindable<string>, opts: { before?: number; limit?: number } = {}, now: Bindable<Date> = clock.now(), db: DbOrTx = getDb()) {
  const since = sql`${timestamptz(now)} - ${sql.raw(`interval '${LOGIN_HISTORY_DAYS} days'`)}`;
  return db
    .select()
    .from(loginEvents)
    .where(and(eq(loginEvents.userId, userId), gt(loginEvents.createdAt, since), opts.before ? lt(loginEvents.id, opts.before) : undefined))
    .orderBy(desc(loginEvents.id))
    .limit(historyLimit(opts) + 1);
}

/** One page of history from `loginHistoryQuery`'s rows (one more than the page, to know whether another follows). */
export function loginHistoryFrom(rows: Awaited<ReturnType<typeof loginHistoryQuery>>, opts: { limit?: number } = {}): LoginHistoryPage {
  const limit = historyLimit(opts);
  const page = rows.slice(0, limit).map<LoginEventView>((e) => ({ id: e.id, success: e.success, method: e.method, reason: e.reason, ip: e.ip, device: describeDevice(e.userAgent), at: e.createdAt.toISOString() }));
  return { events: page, nextBefore: rows.length > limit ? page.at(-1)!.id : null };
}

/**
 * "This wasn't me": every session ends, the password and PIN stop working, and a
 * reset link goes to the account's email. The account is usable again only with new secrets.
 */
export async function reportNotMe(tx: Tx, userId: string, now = clock.now()) {
  const [user] = await tx.select().from(users).where(eq(users.id, userId)).for('update');
  if (!user) return;
  // A value no argon2 verify accepts: the old password is dead, but the row stays valid.
  await tx.update(users).set({ passwordHash: `!locked:${now.toISOString()}`, pinHash: null, updatedAt: now }).where(eq(users.id, userId));
  await revokeAllSessions(tx, userId, 'reported_not_me', now);
  await recordChange(tx, userId, 'password', 'removed', now);
  if (user.pinHash) await recordChange(tx, userId, 'pin', 'removed', now);
  const token = await createLinkToken(tx, { purpose: 'password_reset', target: user.emailNormalized, userId, minutes: RESET_LINK_MINUTES }, now);
  await mail.sendEmail({ to: user.email, userId, ...(await templates.accountSecured(token, RESET_LINK_MINUTES)) }, tx);
}

/**
 * Checks the current password under the sign-in throttle, so this form is no side door for guessing.
 * Counted in a transaction of its own, as sign-in counts it (credentials.ts): a wrong guess counts even
 * when the change fails later, and the throttle row is not held locked while the change is written.
 */
async function currentPasswordValid(user: typeof users.$inferSelect, password: string, ctx: RequestContext, now: Date) {
  const outcome = await getDb().transaction((tx) =>
    withThrottle(tx, { identifier: throttleKeys.password(user.username), identifierPolicy: PASSWORD_POLICY, ip: ctx.ip }, now, async () => {
      const valid = await verifySecret(user.passwordHash, password);
      return { success: valid, value: valid };
    }),
  );
  return outcome.status === 'done' ? (outcome.value ? 'ok' : 'wrong') : 'locked';
}

const refused = (code: MessageCode, field: string) => refuse({ code, field });

/**
 * Changes (or, with `pin: null`, removes) a secret after checking the current
 * password, and tells the account's email. Every other session ends, except
 * when a password change is made with `signOutOthers: false` (the customer
 * unticked "Sign out of other devices").
 */
export async function changeSecret(
  tx: Tx,
  userId: string,
  keepSessionId: string,
  currentPassword: string,
  change: { password: string; signOutOthers?: boolean } | { pin: string | null },
  ctx: RequestContext,
  now = clock.now(),
): Promise<null | Refusal> {
  const signOutOthers = !('password' in change) || change.signOutOthers !== false;
  const [user] = await tx.select().from(users).where(eq(users.id, userId));
  if (!user) return refused('account_not_found', 'currentPassword');
  if ('password' in change) {
    if (passwordContextProblem(change.password, user)) return refused('password_context', 'password');
    if (commonPasswordProblem(change.password)) return refused('password_common', 'password');
  } else if (change.pin !== null && (isStaffRole(user.role) || !user.mobile)) {
    return refused(isStaffRole(user.role) ? 'pin_staff' : 'pin_needs_mobile', 'pin');
  }
  const check = await currentPasswordValid(user, currentPassword, ctx, now);
  if (check === 'locked') return refused('too_many_attempts', 'currentPassword');
  if (check === 'wrong') return refused('current_password_wrong', 'currentPassword');
  const newHash = 'password' in change ? await hashSecret(change.password) : change.pin === null ? null : await hashSecret(change.pin);
  await tx
    .update(users)
    .set('password' in change ? { passwordHash: newHash!, updatedAt: now } : { pinHash: newHash, updatedAt: now })
    .where(eq(users.id, userId));
  if (signOutOthers) await revokeOtherSessions(tx, userId, keepSessionId, 'password' in change ? 'password_changed' : 'pin_changed', now);
  // Reset links sent before this change must not outlive it; a new PIN ends a PIN lockout.
  await endResetLinks(tx, userId, now);
  if ('pin' in change && change.pin !== null && user.mobile) await clearThrottle(tx, throttleKeys.pin(user.mobile), now);
  const field = 'password' in change ? 'password' : 'pin';
  await recordChange(tx, userId, field, newHash === null ? 'removed' : field === 'pin' && !user.pinHash ? 'set' : 'changed', now);
  const what = 'password' in change ? 'password' : 'PIN';
  await mail.sendEmail({ to: user.email, userId, ...(await (newHash === null ? templates.pinRemoved() : templates.secretChanged(what, signOutOthers ? 'others' : 'none'))) }, tx);
  return null;
}

/**
 * After a successful sign-in: a security email when this browser has never
 * signed in to the account before (judged by its user agent). Session rows are
 * deleted a day after they expire (server/jobs/sweeps.ts), so the 90 days of
 * successful sign-ins say which browsers were used before, too; without them,
 * an account whose sessions were swept would look brand new and a sign-in from
 * a stranger's browser would pass unannounced.
 */
export async function noticeNewDevice(userId: string, sessionId: string, ctx: RequestContext, now = clock.now()) {
  const db = getDb();
  const [otherSessions, signIns] = await Promise.all([
    db
      .select({ userAgent: sessions.userAgent })
      .from(sessions)
      .where(and(eq(sessions.userId, userId), ne(sessions.id, sessionId)))
      .orderBy(desc(sessions.createdAt))
      .limit(200),
    db
      .select({ userAgent: loginEvents.userAgent })
      .from(loginEvents)
      .where(and(eq(loginEvents.userId, userId), eq(loginEvents.success, true)))
      .orderBy(desc(loginEvents.id))
      .limit(200),
  ]);
  // The newest successful sign-in with this user agent is this one (recorded just before its session starts).
  const earlierSignIns = signIns[0]?.userAgent === ctx.userAgent ? signIns.slice(1) : signIns;
  const earlier = [...otherSessions, ...earlierSignIns];
  if (earlier.length === 0 || earlier.some((s) => s.userAgent === ctx.userAgent)) return false;
  const [user] = await db.select({ email: users.email }).from(users).where(eq(users.id, userId));
  if (!user) return false;
  await mail.sendEmail({ to: user.email, userId, ...(await templates.newDevice(describeDevice(ctx.userAgent), ctx.ip, now)) });
  return true;
}
