import 'server-only';
import { and, eq, gt, isNull, lte, ne, sql } from 'drizzle-orm';
import { sessions, users } from '@/db/schema';
import { getDb, type DbOrTx } from '@/db/client';
import { builtOnce, timestamptz } from '@/db/prepared';
import { clock } from '../clock';
import { env } from '../env';
import { noticeColumn, type PolicyNotice } from '../policy/notice';
import { endResetLinks } from '../verifications';

export type Role = (typeof users.$inferSelect)['role'];
export type SessionRow = typeof sessions.$inferSelect;
export type SessionState = 'active' | 'idle_timeout' | 'absolute_timeout' | 'revoked';

export const isStaffRole = (role: Role) => role === 'staff' || role === 'admin';

export function idleTimeoutMs(role: Role): number {
  const e = env();
  return (isStaffRole(role) ? e.IDLE_TIMEOUT_STAFF_MINUTES : e.IDLE_TIMEOUT_CUSTOMER_MINUTES) * 60_000;
}

/** The one rule that decides whether a session row still signs its holder in. */
export function sessionState(row: Pick<SessionRow, 'lastSeenAt' | 'absoluteExpiresAt' | 'revokedAt'>, role: Role, now: Date): SessionState {
  if (row.revokedAt) return 'revoked';
  if (now >= row.absoluteExpiresAt) return 'absolute_timeout';
  if (now.getTime() - row.lastSeenAt.getTime() >= idleTimeoutMs(role)) return 'idle_timeout';
  return 'active';
}

/** When the session ends if nothing more happens: idle expiry, or the absolute limit if sooner. */
export function sessionExpiresAt(row: Pick<SessionRow, 'lastSeenAt' | 'absoluteExpiresAt'>, role: Role): Date {
  return new Date(Math.min(row.lastSeenAt.getTime() + idleTimeoutMs(role), row.absoluteExpiresAt.getTime()));
}

type NewSession = { userId: string; method: SessionRow['authMethod']; secondFactor?: SessionRow['secondFactor']; ip: string | null; userAgent: string | null };

/** The values of a new session row (also written by the sign-in's own statement, server/auth/credentials.ts). */
export function sessionValues(input: NewSession, now: Date) {
  const absolute = new Date(now.getTime() + env().SESSION_ABSOLUTE_HOURS * 3_600_000);
  return { userId: input.userId, authMethod: input.method, secondFactor: input.secondFactor ?? null, ip: input.ip, userAgent: input.userAgent, createdAt: now, lastSeenAt: now, absoluteExpiresAt: absolute };
}

export async function createSession(db: DbOrTx, input: NewSession, now = clock.now()): Promise<SessionRow> {
  const [row] = await db.insert(sessions).values(sessionValues(input, now)).returning();
  return row!;
}

export type SessionUser = Pick<typeof users.$inferSelect, 'id' | 'username' | 'email' | 'role' | 'status'>;
/**
 * `scheduled`: a live session of an account scheduled for deletion. It is not
 * `active`, so every page, action and API that asks for an active session
 * refuses it; only the grace-period page (keep the account, or sign out) accepts it.
 */
export type LoadedSession =
  | { state: 'active' | 'scheduled'; session: SessionRow; user: SessionUser; expiresAt: Date; /** Only when loaded with `notice`. */ notice?: PolicyNotice | null }
  | { state: Exclude<SessionState, 'active'> | 'missing' };

// Touch at most this often: a page and its parallel requests make one write, not five.
const TOUCH_EVERY_MS = 5_000;

/**
 * The session load's statement in its four shapes (touch or not, with the policy
 * notice or not), each built once per process and prepared on each connection
 * (db/prepared.ts); every time is a placeholder, filled per request.
 */
function sessionLoadStatement(touch: boolean, withNotice: boolean) {
  return builtOnce(['id', 'now', 'touchBefore', 'staffCutoff', 'customerCutoff'], (db, p) => {
    const notice = withNotice ? noticeColumn(sql`${sessions.userId}`, p.now, db) : null;
    const touched = db.$with('touched').as(
      db
        .update(sessions)
        .set({ lastSeenAt: timestamptz(p.now) })
        .where(
          and(
            eq(sessions.id, p.id),
            isNull(sessions.revokedAt),
            gt(sessions.absoluteExpiresAt, p.now),
            lte(sessions.lastSeenAt, p.touchBefore),
            sql`exists (select 1 from ${users} u where u.id = ${sessions.userId} and u.status <> 'disabled'
              and ${sessions.lastSeenAt} > case when u.role in ('staff', 'admin') then ${timestamptz(p.staffCutoff)} else ${timestamptz(p.customerCutoff)} end)`,
          ),
        )
        .returning({ lastSeenAt: sessions.lastSeenAt }),
    );
    const fields = {
      session: sessions,
      user: { id: users.id, username: users.username, email: users.email, role: users.role, status: users.status },
      touchedAt: touch ? sql<Date | null>`(select ${sql.identifier('last_seen_at')} from ${touched})`.mapWith(sessions.lastSeenAt) : sql<null>`null`,
      notice: notice ? notice.sql : sql<null>`null`,
    };
    const query = touch ? db.with(touched).select(fields) : db.select(fields);
    const statement = query
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.id, p.id))
      .prepare(`session_load_${touch ? 'touch' : 'read'}${withNotice ? '_notice' : ''}`);
    return { statement, decodeNotice: notice?.decode };
  });
}
const sessionLoad = {
  touch: { withNotice: sessionLoadStatement(true, true), alone: sessionLoadStatement(true, false) },
  read: { withNotice: sessionLoadStatement(false, true), alone: sessionLoadStatement(false, false) },
};

/**
 * Loads a session by id and applies the timeout rules. An expired row is marked
 * revoked so that its cookie stays dead even if the clock or settings change.
 * `touch` records activity (page views, actions); status polls pass false.
 * `notice` also loads the privacy policy notice the account layout shows.
 *
 * One statement, one round trip (docs/decisions/033): the session joined with
 * its user, the activity touch as a data-modifying CTE that moves
 * `last_seen_at` only on a row that is live by the same rules as
 * `sessionState` (the select still sees the row as it was, which is what
 * those rules are applied to), and the policy notice as a subquery.
 */
export async function loadSession(id: string, opts: { touch: boolean; now?: Date; notice?: boolean }): Promise<LoadedSession> {
  const now = opts.now ?? clock.now();
  if (!/^[0-9a-f-]{36}$/i.test(id)) return { state: 'missing' };
  const db = getDb();
  const e = env();
  const { statement, decodeNotice } = sessionLoad[opts.touch ? 'touch' : 'read'][opts.notice ? 'withNotice' : 'alone'](db);
  const [found] = await statement.execute({
    id,
    now: now.toISOString(),
    touchBefore: new Date(now.getTime() - TOUCH_EVERY_MS).toISOString(),
    staffCutoff: new Date(now.getTime() - e.IDLE_TIMEOUT_STAFF_MINUTES * 60_000).toISOString(),
    customerCutoff: new Date(now.getTime() - e.IDLE_TIMEOUT_CUSTOMER_MINUTES * 60_000).toISOString(),
  });
  if (!found) return { state: 'missing' };
  const state = found.user.status === 'disabled' ? 'revoked' : sessionState(found.session, found.user.role, now);
  if (state !== 'active') {
    if (!found.session.revokedAt) await revokeSession(found.session.id, state, now);
    return { state };
  }
  let session = found.session;
  if (found.touchedAt) session = { ...session, lastSeenAt: found.touchedAt };
  else if (opts.touch && now.getTime() - session.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
    // The touch was due but the CTE moved nothing: the row was revoked meanwhile (or sat on a
    // sub-millisecond boundary the two clocks see differently). Decide as before, by a plain update.
    const [updated] = await db
      .update(sessions)
      .set({ lastSeenAt: now })
      .where(and(eq(sessions.id, id), isNull(sessions.revokedAt)))
      .returning();
    if (!updated) return { state: 'revoked' };
    session = updated;
  }
  return {
    state: found.user.status === 'scheduled_for_deletion' ? 'scheduled' : state,
    session,
    user: found.user,
    expiresAt: sessionExpiresAt(session, found.user.role),
    ...(decodeNotice ? { notice: decodeNotice(found.notice) } : {}),
  };
}

export async function revokeSession(id: string, reason: string, now = clock.now()) {
  await getDb()
    .update(sessions)
    .set({ revokedAt: now, revokedReason: reason })
    .where(and(eq(sessions.id, id), isNull(sessions.revokedAt)));
}

/**
 * Ends every live session of a user (password reset, sign out everywhere, deletion,
 * a role change, "this wasn't me") and every outstanding reset link or recovery code
 * with them: nothing sent before this moment can sign the account in again.
 */
export async function revokeAllSessions(db: DbOrTx, userId: string, reason: string, now = clock.now()) {
  await db
    .update(sessions)
    .set({ revokedAt: now, revokedReason: reason })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
  await endResetLinks(db, userId, now);
}

/** Ends every live session of a user but the one they are using (password or email change, "sign out other sessions"). */
export async function revokeOtherSessions(db: DbOrTx, userId: string, keepSessionId: string, reason: string, now = clock.now()) {
  await db
    .update(sessions)
    .set({ revokedAt: now, revokedReason: reason })
    .where(and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId), isNull(sessions.revokedAt)));
}
