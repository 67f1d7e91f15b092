/** Shared set-up for the report tests (not a test file itself). Real Postgres, no mocks. */
import { identity } from '../kit/ids';
import { desc, eq, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { auditLog, outbox, reportEvents, reports, users } from '@/db/schema';
import type { Actor } from '@/server/core/actor';
import { confirmReportWithCode, startReport } from './use-cases/reports-customer';

import { at, MIN } from '../kit/time';
import { unwrap } from '../kit/results';

export { at, DAY, HOUR, MIN } from '../kit/time';
export { unwrap } from '../kit/results';

export type TestUser = { id: string; username: string; email: string; actor: Actor };

export async function newUser(opts: { role?: 'customer' | 'staff' | 'admin'; verified?: boolean; mobile?: string; pin?: boolean } = {}): Promise<TestUser> {
  const { username, email } = identity('rep');
  const [row] = await getDb()
    .insert(users)
    .values({
      username,
      email,
      emailNormalized: email,
      emailVerifiedAt: opts.verified === false ? null : new Date('2029-01-01T00:00:00Z'),
      mobile: opts.mobile ?? null,
      mobileVerifiedAt: opts.mobile ? new Date('2029-01-01T00:00:00Z') : null,
      passwordHash: 'unused',
      pinHash: opts.pin ? 'pin-hash' : null,
      role: opts.role ?? 'customer',
      createdAt: new Date('2029-01-01T00:00:00Z'),
    })
    .returning({ id: users.id });
  return { id: row!.id, username, email, actor: { userId: row!.id, role: opts.role ?? 'customer', reauthenticatedAt: null } };
}

/** The actor as it would be right after re-entering the password at `when`. */
export const reauthed = (u: TestUser, when: Date): Actor => ({ ...u.actor, reauthenticatedAt: when, reauthMethod: 'password' });

/** The actor in each state a staff power must refuse (server/core/staff.ts): no re-authentication, one too old, one with a PIN. */
export const notFreshFor = (u: TestUser, now: Date): [string, Actor][] => [
  ['never re-authenticated', u.actor],
  ['re-authenticated 5 minutes ago', { ...u.actor, reauthenticatedAt: at(now, -5 * MIN), reauthMethod: 'password' }],
  ['re-authenticated with a PIN just now', { ...u.actor, reauthenticatedAt: now, reauthMethod: 'pin' }],
];

/** Answered when the window is closed: the page asks for the password and tries again. */
export const NEEDS_REAUTH_RESULT = { ok: false, formError: 'For your security, confirm it is you again first.' };


/** The code in the newest report-code email to this user. */
export async function latestCode(userId: string): Promise<string> {
  const [m] = await getDb().select().from(outbox).where(eq(outbox.userId, userId)).orderBy(desc(outbox.id)).limit(1);
  const code = /Your code is ([A-Z0-9]{8})/.exec(m?.text ?? '')?.[1];
  if (!code) throw new Error(`no code in the latest mail: ${m?.subject}`);
  return code;
}

export const mailsTo = (userId: string) => getDb().select().from(outbox).where(eq(outbox.userId, userId)).orderBy(outbox.id);
export const reportRow = async (id: number) => (await getDb().select().from(reports).where(eq(reports.id, id)))[0]!;
export const eventsOf = (id: number) => getDb().select().from(reportEvents).where(eq(reportEvents.reportId, id)).orderBy(reportEvents.id);
export const auditOf = (reportId: number) => getDb().select().from(auditLog).where(eq(auditLog.reportId, reportId)).orderBy(auditLog.id);

/** Raises and confirms (with the emailed code) a report; returns its id. */
export async function raiseVerified(u: TestUser, input: { item: string; proposedValue: string; explanation?: string; statement?: string }, now: Date): Promise<number> {
  const started = unwrap(await startReport(u.actor, { explanation: 'It is wrong.', ...input }, now));
  if (started.confirmed) return started.id;
  unwrap(await confirmReportWithCode(u.actor, started.id, { code: await latestCode(u.id) }, now));
  return started.id;
}

/**
 * A snapshot of every table the report functions can write, to prove a refused
 * call changed nothing: row counts, and a hash of each table's contents.
 */
export async function snapshot() {
  const tables = ['reports', 'report_events', 'audit_log', 'outbox', 'profiles', 'profile_changes', 'users', 'verifications', 'sessions', 'throttles'];
  const out: Record<string, string> = {};
  for (const t of tables) {
    const [row] = (await getDb().execute(sql`select count(*)::int as n, coalesce(md5(string_agg(x::text, '|' order by x::text)), '') as h from ${sql.identifier(t)} x`)) as unknown as { n: number; h: string }[];
    out[t] = `${row!.n}:${row!.h}`;
  }
  return out;
}
