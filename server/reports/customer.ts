import 'server-only';
import { and, asc, desc, eq, gt, lt, ne, or } from 'drizzle-orm';
import type { z } from 'zod';
import { getDb, type DbOrTx, type Tx } from '@/db/client';
import { reportEvents, reports, users } from '@/db/schema';
import type { Reason } from '@/lib/messages';
import { DAY_MS, isOpen, itemLabel, REPORT_DEADLINE_DAYS, ROLE_LABELS, STATUS_LABELS, UNVERIFIED_HOURS, type ReportStatus, type StartResult, type TimelineEntry } from '@/lib/reports';
import { normalizeEmail } from '@/lib/validation/fields';
import { reportIdSchema, type answerSchema, type codeSchema, type reportSchema } from '@/lib/validation/reports';
import { MAIL_POLICY, consumeRateLimit } from '../auth/throttle';
import { isRecentlyReauthenticated } from '../auth/reauth';
import { clock } from '../clock';
import { mail } from '../mail/transport';
import { templates } from '../mail/templates';
import { createCode, verifyCode } from '../verifications';
import type { Actor } from '../core/actor';
import { DomainError, isRefusal, refuse, type Refusal } from '../core/refusal';
import { isUniqueViolation } from '../core/sql';
import { addEvent, currentValueOf, customerEmail, dueText, OPEN_REPORT_SQL, type ReportRow } from './common';
import { throttleKeys } from '../auth/throttle-keys';
import type { Bindable } from '@/db/prepared';

/*
 * The customer's side of inaccuracy reports. Every function takes the actor
 * (from the session) and touches only that actor's own reports: another
 * customer's report id is "not found", exactly like one that does not exist.
 */

const UNVERIFIED_MS = UNVERIFIED_HOURS * 3_600_000;
const codePurpose = (reportId: number) => `report:${reportId}`;
const isExpiredDraft = (r: Pick<ReportRow, 'status' | 'createdAt'>, now: Date) => r.status === 'unverified' && now.getTime() - r.createdAt.getTime() >= UNVERIFIED_MS;
const ONE_OPEN_KEY = 'reports_one_open_per_item_key';

async function openReportFor(tx: Tx, userId: string, item: string) {
  const [r] = await tx
    .select({ id: reports.id })
    .from(reports)
    .where(and(eq(reports.userId, userId), eq(reports.item, item), OPEN_REPORT_SQL));
  return r ?? null;
}

const alreadyOpen = (item: string, id: number, field?: string) => ({ code: 'report_already_open', field, params: { item: itemLabel(item).toLowerCase(), id } }) as const;

/** unverified → submitted: starts the 30-day clock, tells the customer. Caller holds the report row lock. */
async function markVerified(tx: Tx, report: ReportRow, actor: Actor, now: Date): Promise<{ id: number } | Refusal> {
  const other = await openReportFor(tx, report.userId, report.item);
  if (other) return refuse(alreadyOpen(report.item, other.id));
  const dueAt = new Date(now.getTime() + REPORT_DEADLINE_DAYS * DAY_MS);
  await tx.update(reports).set({ status: 'submitted', verifiedAt: now, dueAt, updatedAt: now }).where(and(eq(reports.id, report.id), eq(reports.status, 'unverified')));
  await addEvent(tx, { reportId: report.id, kind: 'status', status: 'submitted', actor }, now);
  const to = await customerEmail(tx, report.userId);
  if (to) await mail.sendEmail({ to, userId: report.userId, ...(await templates.reportReceived(report.id, itemLabel(report.item), dueText(dueAt))) }, tx);
  return { id: report.id };
}

/** Runs a step and turns the one-open-report-per-item index into a refusal (the transaction rolls back). */
async function guarded<T>(item: () => string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isUniqueViolation(e, ONE_OPEN_KEY)) throw new DomainError({ code: 'report_already_open_now', params: { item: itemLabel(item()).toLowerCase() } });
    throw e;
  }
}

/**
 * Raises a report. It is only a draft until the customer proves control of the
 * account: with a re-authentication in the last 5 minutes it is accepted at
 * once; otherwise a code goes to the confirmed email address (or, with no
 * confirmed address, the customer confirms with their password).
 */
export async function startReport(tx: Tx, actor: Actor | null, input: z.output<ReturnType<typeof reportSchema>>, now = clock.now()): Promise<StartResult | Refusal> {
  if (!actor) return refuse({ code: 'session_ended' });
  return guarded(
    () => input.item,
    async (): Promise<StartResult | Refusal> => {
      // One customer's reports are created one at a time.
      const [user] = await tx.select().from(users).where(eq(users.id, actor.userId)).for('update');
      if (!user) return refuse({ code: 'session_ended' });
      const current = await currentValueOf(tx, user.id, input.item);
      const same = input.item === 'email' ? normalizeEmail(input.proposedValue) === normalizeEmail(current.value ?? '') : input.proposedValue === current.value;
      if (same) return refuse({ code: 'contact_report_same_value', field: 'proposedValue' });
      const open = await openReportFor(tx, user.id, input.item);
      if (open) return refuse(alreadyOpen(input.item, open.id, 'item'));

      const fresh = isRecentlyReauthenticated({ reauthenticatedAt: actor.reauthenticatedAt ?? null }, now);
      const sendCode = !fresh && !!user.emailVerifiedAt;
      if (sendCode && !(await consumeRateLimit(tx, throttleKeys.reportCode(user.id), MAIL_POLICY, now))) return refuse({ code: 'codes_rate_limited' });
      // An earlier unconfirmed draft about the same item is replaced.
      await tx.delete(reports).where(and(eq(reports.userId, user.id), eq(reports.item, input.item), eq(reports.status, 'unverified')));
      const [report] = await tx
        .insert(reports)
        .values({
          userId: user.id,
          item: input.item,
          currentValue: current.value,
          proposedValue: input.proposedValue,
          explanation: input.explanation,
          statement: input.statement ?? null,
          profileVersion: current.profileVersion,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      if (fresh) {
        const r = await markVerified(tx, report!, actor, now);
        return isRefusal(r) ? r : { id: report!.id, confirmed: true };
      }
      if (!sendCode) return { id: report!.id, confirmed: false, method: 'password' };
      const code = await createCode(tx, { purpose: codePurpose(report!.id), target: user.email, userId: user.id }, now);
      await mail.sendEmail({ to: user.email, userId: user.id, ...(await templates.reportCode(code, report!.id)) }, tx);
      return { id: report!.id, confirmed: false, method: 'code', sentTo: user.email };
    },
  );
}

/** The actor's own report, locked; null when it is not theirs or does not exist. */
async function ownReportForUpdate(tx: Tx, actor: Actor, id: number) {
  const [r] = await tx
    .select()
    .from(reports)
    .where(and(eq(reports.id, id), eq(reports.userId, actor.userId)))
    .for('update');
  return r ?? null;
}

function draftProblem(r: ReportRow | null, now: Date): Reason | null {
  if (!r) return { code: 'report_not_found' };
  if (r.status !== 'unverified') return { code: 'report_already_confirmed' };
  if (isExpiredDraft(r, now)) return { code: 'report_draft_expired', params: { hours: UNVERIFIED_HOURS } };
  return null;
}

const CODE_REFUSALS = { wrong: 'code_wrong', exhausted: 'code_exhausted', expired: 'report_code_expired' } as const;

/** Confirms a draft with the emailed code: 10 minutes, 5 attempts, single use. */
export async function confirmReportWithCode(tx: Tx, actor: Actor | null, id: number, input: z.output<typeof codeSchema>, now = clock.now()): Promise<{ id: number } | Refusal> {
  if (!actor) return refuse({ code: 'session_ended' });
  return confirmDraft(tx, actor, id, now, async (report) => {
    const check = await verifyCode(tx, { purpose: codePurpose(report.id), userId: actor.userId, code: input.code }, now);
    return check.ok ? null : refuse({ code: CODE_REFUSALS[check.reason], field: 'code' });
  });
}

/** Confirms a draft with a re-authentication made in the last 5 minutes (the action re-authenticates first). */
export async function confirmReportWithReauth(tx: Tx, actor: Actor | null, id: number, now = clock.now()): Promise<{ id: number } | Refusal> {
  if (!actor) return refuse({ code: 'session_ended' });
  if (!isRecentlyReauthenticated({ reauthenticatedAt: actor.reauthenticatedAt ?? null }, now)) return refuse({ code: 'report_confirm_password_first' });
  return confirmDraft(tx, actor, id, now);
}

/** Both ways of confirming a draft: lock it, check it is still a live draft, run the proof (a code), mark it verified. */
function confirmDraft(tx: Tx, actor: Actor, id: number, now: Date, proof?: (report: ReportRow) => Promise<Refusal | null>): Promise<{ id: number } | Refusal> {
  let item = '';
  return guarded(
    () => item,
    async () => {
      const report = await ownReportForUpdate(tx, actor, id);
      const problem = draftProblem(report, now);
      if (problem) return refuse(problem);
      item = report!.item;
      const refused = await proof?.(report!);
      if (refused) return refused;
      return markVerified(tx, report!, actor, now);
    },
  );
}

/** A new code for a draft (the old one stops working); limited to 3 per 15 minutes. */
export async function resendReportCode(tx: Tx, actor: Actor | null, id: number, now = clock.now()): Promise<{ sentTo: string } | Refusal> {
  if (!actor) return refuse({ code: 'session_ended' });
  const report = await ownReportForUpdate(tx, actor, id);
  const problem = draftProblem(report, now);
  if (problem) return refuse(problem);
  const [user] = await tx.select().from(users).where(eq(users.id, actor.userId));
  if (!user?.emailVerifiedAt) return refuse({ code: 'report_email_unconfirmed' });
  if (!(await consumeRateLimit(tx, throttleKeys.reportCode(user.id), MAIL_POLICY, now))) return refuse({ code: 'codes_rate_limited' });
  const code = await createCode(tx, { purpose: codePurpose(report!.id), target: user.email, userId: user.id }, now);
  await mail.sendEmail({ to: user.email, userId: user.id, ...(await templates.reportCode(code, report!.id)) }, tx);
  return { sentTo: user.email };
}

/**
 * Withdraws an open report (it leaves the queue; the item is no longer
 * disputed). An unconfirmed draft is simply deleted: staff never saw it.
 */
export async function withdrawReport(tx: Tx, actor: Actor | null, id: number, now = clock.now()): Promise<{ id: number; status: 'withdrawn' | 'deleted' } | Refusal> {
  if (!actor) return refuse({ code: 'session_ended' });
  const report = await ownReportForUpdate(tx, actor, id);
  if (!report || isExpiredDraft(report, now)) return refuse({ code: 'report_not_found' });
  if (report.status === 'unverified') {
    await tx.delete(reports).where(eq(reports.id, report.id));
    return { id: report.id, status: 'deleted' as const };
  }
  if (!isOpen(report.status)) return refuse({ code: 'report_cannot_withdraw', params: { status: STATUS_LABELS[report.status].toLowerCase() } });
  await tx.update(reports).set({ status: 'withdrawn', decidedAt: now, updatedAt: now }).where(eq(reports.id, report.id));
  await addEvent(tx, { reportId: report.id, kind: 'status', status: 'withdrawn', actor }, now);
  const to = await customerEmail(tx, report.userId);
  if (to) await mail.sendEmail({ to, userId: report.userId, ...(await templates.reportStatus(report.id, itemLabel(report.item), STATUS_LABELS.withdrawn)) }, tx);
  return { id: report.id, status: 'withdrawn' as const };
}

/** Answers a "needs information" request: the answer joins the timeline and the report goes back to its reviewer. */
export async function answerReport(tx: Tx, actor: Actor | null, id: number, input: z.output<typeof answerSchema>, now = clock.now()): Promise<{ id: number; status: ReportStatus } | Refusal> {
  if (!actor) return refuse({ code: 'session_ended' });
  const report = await ownReportForUpdate(tx, actor, id);
  if (!report || report.status === 'unverified') return refuse({ code: 'report_not_found' });
  if (report.status !== 'needs_information') return refuse({ code: 'report_not_waiting' });
  const status: ReportStatus = report.claimedBy ? 'in_review' : 'submitted';
  await tx.update(reports).set({ status, updatedAt: now }).where(eq(reports.id, report.id));
  await addEvent(tx, { reportId: report.id, kind: 'answer', body: input.answer, actor }, now);
  await addEvent(tx, { reportId: report.id, kind: 'status', status, actor }, now);
  const to = await customerEmail(tx, report.userId);
  if (to) await mail.sendEmail({ to, userId: report.userId, ...(await templates.reportStatus(report.id, itemLabel(report.item), STATUS_LABELS[status], 'We received your answer and will continue the review.')) }, tx);
  return { id: report.id, status };
}

export interface MyReportSummary {
  id: number;
  item: string;
  status: ReportStatus;
  createdAt: Date;
  dueAt: Date | null;
  extended: boolean;
}

/** The customer's reports, newest first; expired drafts are gone. */
export async function listMyReports(userId: string, now = clock.now()): Promise<MyReportSummary[]> {
  return getDb()
    .select({ id: reports.id, item: reports.item, status: reports.status, createdAt: reports.createdAt, dueAt: reports.dueAt, extended: reports.extended })
    .from(reports)
    .where(and(eq(reports.userId, userId), or(ne(reports.status, 'unverified'), gt(reports.createdAt, new Date(now.getTime() - UNVERIFIED_MS)))))
    .orderBy(desc(reports.id));
}

const byLabel = (role: string | null, ownerId: string, actorId: string | null) => (actorId === ownerId ? 'You' : ROLE_LABELS[(role ?? 'staff') as keyof typeof ROLE_LABELS]);

/** One of the customer's own reports with the timeline they may see (no internal notes, no staff names); null if not theirs. */
export async function getMyReport(userId: string, rawId: unknown, now = clock.now()) {
  const id = reportIdSchema.safeParse(rawId);
  if (!id.success) return null;
  const db = getDb();
  const [report] = await db
    .select()
    .from(reports)
    .where(and(eq(reports.id, id.data), eq(reports.userId, userId)));
  if (!report || isExpiredDraft(report, now)) return null;
  const events = await db
    .select()
    .from(reportEvents)
    .where(and(eq(reportEvents.reportId, report.id), eq(reportEvents.internal, false)))
    .orderBy(asc(reportEvents.id));
  const timeline: TimelineEntry[] = events.map((e) => ({
    id: e.id,
    kind: e.kind,
    status: e.status,
    body: e.body,
    internal: false,
    by: byLabel(e.actorRole, userId, e.actorUserId),
    at: e.at.toISOString(),
  }));
  const [user] = await db.select({ emailVerifiedAt: users.emailVerifiedAt, email: users.email }).from(users).where(eq(users.id, userId));
  return { report, timeline, canUseCode: !!user?.emailVerifiedAt, email: user?.email ?? '', expiresAt: new Date(report.createdAt.getTime() + UNVERIFIED_MS) };
}

/** Items with an open (verified, undecided) report: shown as "Disputed, under review" wherever they appear. */
export const disputedQuery = (userId: Bindable<string>, db: DbOrTx = getDb()) =>
  db
    .selectDistinct({ item: reports.item })
    .from(reports)
    .where(and(eq(reports.userId, userId), OPEN_REPORT_SQL));

export async function disputedItems(userId: string): Promise<Set<string>> {
  return new Set((await disputedQuery(userId)).map((r) => r.item));
}

/** Deletes drafts nobody confirmed within 24 hours (they hold a copy of the customer's data and were never reviewed). */
export async function purgeExpiredDrafts(now = clock.now(), db: DbOrTx = getDb()): Promise<number> {
  const gone = await db
    .delete(reports)
    .where(and(eq(reports.status, 'unverified'), lt(reports.createdAt, new Date(now.getTime() - UNVERIFIED_MS))))
    .returning({ id: reports.id });
  return gone.length;
}
