import 'server-only';
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { getDb, type Tx } from '@/db/client';
import { accountDeletions, securityEvents, users } from '@/db/schema';
import type { deleteAccountSchema } from '@/lib/validation/deletion';
import { isRecentlyReauthenticated } from '../auth/reauth';
import { isStaffRole, revokeAllSessions, type LoadedSession } from '../auth/sessions';
import { clock } from '../clock';
import { consentStates, recordConsent } from '../consent/ledger';
import { env } from '../env';
import { log } from '../log';
import { deletionTemplates } from '../mail/deletion-templates';
import { mail } from '../mail/transport';
import { pepperHmac } from '../pepper';
import type { RequestContext } from '../request';
import { refuse, type Refusal } from '../core/refusal';

/*
 * "Delete your account" (issue 5): scheduling, and cancelling within the grace
 * period. The purge itself is ./purge.ts. Every function takes its identity
 * from the caller's checked session (never from a form), or from the emailed
 * cancel token, and re-checks the account's state under a row lock.
 */

/** Who is asking: built by the action from the checked session; null when nobody is signed in. */
export interface DeletionActor {
  userId: string;
  sessionId: string;
  reauthenticatedAt: Date | null;
}

/**
 * The actor from the checked session, if it is in the state the caller needs:
 * `active` to schedule, `scheduled` to keep the account during the grace period.
 */
export const deletionActorOf = (s: LoadedSession, state: 'active' | 'scheduled'): DeletionActor | null =>
  s.state === state ? { userId: s.user.id, sessionId: s.session.id, reauthenticatedAt: s.session.reauthenticatedAt } : null;

const DAY_MS = 86_400_000;

/** Only an HMAC (keyed with the pepper) of the emailed token is stored, like every other link secret. */
const tokenHash = (token: string) => pepperHmac(`cancel-deletion:${token}`);
const isTokenShaped = (token: unknown): token is string => typeof token === 'string' && /^[A-Za-z0-9_-]{20,100}$/.test(token);

async function lockUser(tx: Tx, userId: string) {
  const [user] = await tx.select({ id: users.id, email: users.email, role: users.role, status: users.status }).from(users).where(eq(users.id, userId)).for('update');
  return user;
}

/**
 * Schedules the caller's account for deletion, in one transaction: the
 * schedule row, the status, every session revoked, every optional mail topic
 * withdrawn, a security event and the email with the cancel link. The users
 * row lock and the schedule's primary key make a double click or concurrent
 * requests one schedule and one email; the later ones answer with the same date.
 */
export async function scheduleDeletion(tx: Tx, actor: DeletionActor | null, _input: z.output<typeof deleteAccountSchema>, ctx: RequestContext, now = clock.now()): Promise<{ purgeAfter: string } | Refusal> {
  if (!actor) return refuse({ code: 'session_ended' });
  if (!isRecentlyReauthenticated(actor, now)) return refuse({ code: 'needs_reauth' });
  const user = await lockUser(tx, actor.userId);
  if (!user || user.status === 'disabled') return refuse({ code: 'session_ended' });
  if (isStaffRole(user.role)) return refuse({ code: 'deletion_staff' });
  const token = randomBytes(32).toString('base64url');
  const purgeAfter = new Date(now.getTime() + env().DELETION_GRACE_DAYS * DAY_MS);
  const [created] = await tx
    .insert(accountDeletions)
    .values({ userId: user.id, requestedAt: now, purgeAfter, cancelTokenHash: tokenHash(token) })
    .onConflictDoNothing()
    .returning({ purgeAfter: accountDeletions.purgeAfter });
  if (!created) {
    const [existing] = await tx.select({ purgeAfter: accountDeletions.purgeAfter }).from(accountDeletions).where(eq(accountDeletions.userId, user.id));
    return existing ? { purgeAfter: existing.purgeAfter.toISOString() } : refuse({ code: 'deletion_already_scheduled' });
  }
  await tx.update(users).set({ status: 'scheduled_for_deletion', updatedAt: now }).where(eq(users.id, user.id));
  await revokeAllSessions(tx, user.id, 'account_deletion', now);
  // Marketing stops at once, in the ledger like any other withdrawal; mandatory topics have no consent to withdraw.
  const states = await consentStates(tx, user.id);
  for (const [topic, state] of Object.entries(states) as [keyof typeof states, string][]) {
    if (state !== 'withdrawn') await recordConsent(tx, { userId: user.id, topic, state: 'withdrawn', source: 'account_deletion', ip: ctx.ip, userAgent: ctx.userAgent }, now);
  }
  await tx.insert(securityEvents).values({ userId: user.id, kind: 'deletion_scheduled', ip: ctx.ip, userAgent: ctx.userAgent, createdAt: now });
  await mail.sendEmail({ to: user.email, userId: user.id, topic: 'security', ...(await deletionTemplates.scheduled(purgeAfter, token)) }, tx);
  log.info({ event: 'deletion_scheduled', userId: user.id, purgeAfter: purgeAfter.toISOString() });
  return { purgeAfter: purgeAfter.toISOString() };
}

/** Ends a schedule (the caller holds the users row lock): the account is active again; consents stay withdrawn. */
async function cancel(tx: Tx, user: { id: string; email: string }, ctx: RequestContext, now: Date) {
  await tx.delete(accountDeletions).where(eq(accountDeletions.userId, user.id));
  await tx.update(users).set({ status: 'active', updatedAt: now }).where(eq(users.id, user.id));
  await tx.insert(securityEvents).values({ userId: user.id, kind: 'deletion_cancelled', ip: ctx.ip, userAgent: ctx.userAgent, createdAt: now });
  await mail.sendEmail({ to: user.email, userId: user.id, topic: 'security', ...(await deletionTemplates.cancelled()) }, tx);
  log.info({ event: 'deletion_cancelled', userId: user.id });
}

/** "Keep my account" on the grace-period page, by the signed-in holder of the scheduled account. */
export async function keepAccount(tx: Tx, actor: DeletionActor | null, ctx: RequestContext, now = clock.now()): Promise<null | Refusal> {
  if (!actor) return refuse({ code: 'session_ended' });
  const user = await lockUser(tx, actor.userId);
  if (!user) return refuse({ code: 'session_ended' });
  if (user.status !== 'scheduled_for_deletion') return refuse({ code: 'deletion_not_scheduled' });
  await cancel(tx, user, ctx, now);
  return null;
}

/** The emailed link: the token alone identifies the schedule (the customer has no session: every one was revoked). */
export async function cancelDeletionByToken(tx: Tx, token: unknown, ctx: RequestContext, now = clock.now()): Promise<null | Refusal> {
  if (!isTokenShaped(token)) return refuse({ code: 'deletion_link_invalid' });
  const [schedule] = await tx.select({ userId: accountDeletions.userId }).from(accountDeletions).where(eq(accountDeletions.cancelTokenHash, tokenHash(token)));
  const user = schedule && (await lockUser(tx, schedule.userId));
  // Re-read under the lock: a purge or a cancel may have finished meanwhile.
  const [still] = user ? await tx.select({ userId: accountDeletions.userId }).from(accountDeletions).where(eq(accountDeletions.cancelTokenHash, tokenHash(token))) : [];
  if (!user || !still || user.status !== 'scheduled_for_deletion') return refuse({ code: 'deletion_link_invalid' });
  await cancel(tx, user, ctx, now);
  return null;
}

/** For the page behind the emailed link (GET): the date, if the link is still good. Changes nothing. */
export async function peekCancelToken(token: unknown): Promise<{ purgeAfter: Date } | null> {
  if (!isTokenShaped(token)) return null;
  const [row] = await getDb().select({ purgeAfter: accountDeletions.purgeAfter }).from(accountDeletions).where(eq(accountDeletions.cancelTokenHash, tokenHash(token)));
  return row ?? null;
}

/** The caller's own schedule, for the grace-period page. */
export async function deletionSchedule(userId: string): Promise<{ requestedAt: Date; purgeAfter: Date } | null> {
  const [row] = await getDb().select({ requestedAt: accountDeletions.requestedAt, purgeAfter: accountDeletions.purgeAfter }).from(accountDeletions).where(eq(accountDeletions.userId, userId));
  return row ?? null;
}
