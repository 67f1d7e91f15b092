import 'server-only';
import { and, asc, eq, inArray, isNull, ne } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { getDb, type Tx } from '@/db/client';
import { profileChanges, profiles, reportEvents, reports, users } from '@/db/schema';
import { fail, ok, type ActionResult } from '@/lib/result';
import { DAY_MS, displayValue, isOpen, itemLabel, REPORT_ITEMS, STATUS_LABELS, type ReportStatus, type TimelineEntry } from '@/lib/reports';
import { fieldErrorsOf } from '@/lib/validation/auth';
import { normalizeEmail } from '@/lib/validation/fields';
import { approveSchema, extendSchema, noteSchema, reassignSchema, rejectSchema, reportIdSchema, requestInfoSchema } from '@/lib/validation/reports';
import { getProfile } from '../account/profile';
import { clock } from '../clock';
import { mail } from '../mail/transport';
import { templates } from '../mail/templates';
import { createLinkToken, endResetLinks } from '../verifications';
import type { Actor } from '../core/actor';
import { audit } from '../core/audit';
import { staffFrom, type Staff } from '../core/staff';
import { isUniqueViolation } from '../core/sql';
import { addEvent, currentValueOf, customerEmail, dueText, NOT_FOUND, OPEN_REPORT_SQL, SIGN_IN_AGAIN, STAFF_ONLY, type ReportRow } from './common';

/*
 * The staff side: claim, review and decide. Every function checks the actor
 * against the users row (staff or admin, active), never shows an unconfirmed
 * draft, lets only the reviewer holding the claim decide, and writes an
 * append-only audit entry in the same transaction as what it audits.
 */

const OWN_REPORT = 'This is your own report: another reviewer must handle it.';
const ALREADY_DECIDED = (s: ReportStatus) => `This report is already ${STATUS_LABELS[s].toLowerCase()}: there is nothing left to decide.`;

async function notify(tx: Tx, report: ReportRow, status: ReportStatus, reason?: string | null) {
  const to = await customerEmail(tx, report.userId);
  if (to) await mail.sendEmail({ to, userId: report.userId, ...(await templates.reportStatus(report.id, itemLabel(report.item), STATUS_LABELS[status], reason)) }, tx);
}

/* ---------------------------------------------------------------- review page */

export interface StaffReportView {
  report: ReportRow;
  customer: { username: string };
  claimer: { id: string; username: string } | null;
  /** The value stored now, and whether it differs from the snapshot taken when the report was raised. */
  now: { value: string | null; display: string; changed: boolean };
  display: { current: string; proposed: string };
  timeline: TimelineEntry[];
  viewer: { userId: string; role: Staff['role']; holdsClaim: boolean };
  /** Admins reassign: every active staff member and admin. */
  reviewers: { id: string; username: string; role: Staff['role'] }[];
}

/** The review page's data. Viewing is access to the customer's data, so it is logged. Drafts are never shown. */
export async function getReportForStaff(actor: Actor | null, rawId: unknown, now = clock.now()): Promise<StaffReportView | null> {
  const id = reportIdSchema.safeParse(rawId);
  if (!id.success) return null;
  return getDb().transaction(async (tx) => {
    const staff = await staffFrom(tx, actor);
    if (!staff) return null;
    const claimer = alias(users, 'claimer');
    const [row] = await tx
      .select({ report: reports, customer: { username: users.username }, claimer: { id: claimer.id, username: claimer.username } })
      .from(reports)
      .innerJoin(users, eq(users.id, reports.userId))
      .leftJoin(claimer, eq(claimer.id, reports.claimedBy))
      .where(and(eq(reports.id, id.data), ne(reports.status, 'unverified')));
    if (!row) return null;
    const { report } = row;
    await audit(tx, { actor: staff, action: 'report.viewed', subjectUserId: report.userId, reportId: report.id }, now);
    const current = await currentValueOf(tx, report.userId, report.item);
    const actorUser = alias(users, 'actor');
    const events = await tx
      .select({ event: reportEvents, username: actorUser.username })
      .from(reportEvents)
      .leftJoin(actorUser, eq(actorUser.id, reportEvents.actorUserId))
      .where(eq(reportEvents.reportId, report.id))
      .orderBy(asc(reportEvents.id));
    const reviewers =
      staff.role === 'admin'
        ? await tx
            .select({ id: users.id, username: users.username, role: users.role })
            .from(users)
            .where(and(inArray(users.role, ['staff', 'admin']), eq(users.status, 'active')))
            .orderBy(asc(users.username))
        : [];
    return {
      report,
      customer: row.customer,
      claimer: row.claimer?.id ? { id: row.claimer.id, username: row.claimer.username } : null,
      now: { value: current.value, display: displayValue(report.item, current.value), changed: current.value !== report.currentValue },
      display: { current: displayValue(report.item, report.currentValue), proposed: displayValue(report.item, report.proposedValue) },
      timeline: events.map(({ event: e, username }) => ({
        id: e.id,
        kind: e.kind,
        status: e.status,
        body: e.body,
        internal: e.internal,
        by: e.actorUserId === report.userId ? 'Customer' : `${username ?? 'Former staff member'} (${e.actorRole ?? 'staff'})`,
        at: e.at.toISOString(),
      })),
      viewer: { userId: staff.userId, role: staff.role, holdsClaim: report.claimedBy === staff.userId },
      reviewers: reviewers as StaffReportView['reviewers'],
    };
  });
}

/* ---------------------------------------------------------------- claims */

async function takeClaim(tx: Tx, staff: Staff, report: ReportRow, now: Date) {
  const status: ReportStatus = report.status === 'submitted' ? 'in_review' : report.status;
  await tx.update(reports).set({ claimedBy: staff.userId, claimedAt: now, status, updatedAt: now }).where(eq(reports.id, report.id));
  await addEvent(tx, { reportId: report.id, kind: 'assignment', body: `Claimed by ${staff.username}`, internal: true, actor: staff }, now);
  if (status !== report.status) {
    await addEvent(tx, { reportId: report.id, kind: 'status', status, actor: staff }, now);
    await notify(tx, report, status);
  }
  await audit(tx, { actor: staff, action: 'report.claimed', subjectUserId: report.userId, reportId: report.id }, now);
}

/**
 * Claims one report for the actor. `FOR UPDATE SKIP LOCKED`: of any number of
 * reviewers claiming at once exactly one gets it; the others are told who
 * holds it (or that someone is taking it right now) without waiting.
 */
export async function claimReport(actor: Actor | null, rawId: unknown, now = clock.now()): Promise<ActionResult<{ id: number }>> {
  const id = reportIdSchema.safeParse(rawId);
  if (!id.success) return fail(NOT_FOUND);
  return getDb().transaction(async (tx) => {
    const staff = await staffFrom(tx, actor);
    if (!staff) return fail(actor ? STAFF_ONLY : SIGN_IN_AGAIN);
    const [free] = await tx
      .select()
      .from(reports)
      .where(and(eq(reports.id, id.data), OPEN_REPORT_SQL, isNull(reports.claimedBy)))
      .for('update', { skipLocked: true });
    if (free?.userId === staff.userId) return fail(OWN_REPORT);
    if (free) {
      await takeClaim(tx, staff, free, now);
      return ok({ id: free.id });
    }
    const [seen] = await tx
      .select({ status: reports.status, claimedBy: reports.claimedBy, holder: users.username })
      .from(reports)
      .leftJoin(users, eq(users.id, reports.claimedBy))
      .where(eq(reports.id, id.data));
    if (!seen || seen.status === 'unverified') return fail(NOT_FOUND);
    if (!isOpen(seen.status)) return fail(ALREADY_DECIDED(seen.status));
    if (seen.claimedBy === staff.userId) return ok({ id: id.data });
    if (seen.claimedBy) return fail(`${seen.holder} is reviewing this report. Only they can act on it${staff.role === 'admin' ? ' unless you reassign it' : ''}.`);
    return fail('Another reviewer is claiming this report right now. Try again in a moment.');
  });
}

/** Claims the unassigned open report due soonest (skipping any another reviewer is taking at this instant). */
export async function claimNext(actor: Actor | null, now = clock.now()): Promise<ActionResult<{ id: number } | null>> {
  return getDb().transaction(async (tx) => {
    const staff = await staffFrom(tx, actor);
    if (!staff) return fail(actor ? STAFF_ONLY : SIGN_IN_AGAIN);
    const [next] = await tx
      .select()
      .from(reports)
      .where(and(OPEN_REPORT_SQL, isNull(reports.claimedBy), ne(reports.userId, staff.userId)))
      .orderBy(asc(reports.dueAt), asc(reports.id))
      .limit(1)
      .for('update', { skipLocked: true });
    if (!next) return ok(null);
    await takeClaim(tx, staff, next, now);
    return ok({ id: next.id });
  });
}

/** The report locked for a decision; refuses unless it is open and the actor holds the claim. */
async function lockForDecision(tx: Tx, actor: Actor | null, rawId: unknown): Promise<{ ok: true; staff: Staff; report: ReportRow } | { ok: false; error: string }> {
  const id = reportIdSchema.safeParse(rawId);
  if (!id.success) return { ok: false, error: NOT_FOUND };
  const staff = await staffFrom(tx, actor);
  if (!staff) return { ok: false, error: actor ? STAFF_ONLY : SIGN_IN_AGAIN };
  // Blocking lock: a second decision made at the same instant waits, then sees the first one's outcome.
  const [report] = await tx.select().from(reports).where(eq(reports.id, id.data)).for('update');
  if (!report || report.status === 'unverified') return { ok: false, error: NOT_FOUND };
  if (!isOpen(report.status)) return { ok: false, error: ALREADY_DECIDED(report.status) };
  if (report.claimedBy !== staff.userId) {
    return { ok: false, error: report.claimedBy ? 'Another reviewer holds this report: only they can act on it.' : 'Claim this report first: only the reviewer holding it can act on it.' };
  }
  // Claiming already refuses one's own report; re-checked here so a claim that got through another way
  // (a role change, a row edited by hand, a future path) still decides nothing.
  if (report.userId === staff.userId) return { ok: false, error: OWN_REPORT };
  return { ok: true, staff, report };
}

type Decision<T> = (tx: Tx, staff: Staff, report: ReportRow) => Promise<ActionResult<T>>;
function decide<T>(actor: Actor | null, rawId: unknown, fn: Decision<T>): Promise<ActionResult<T>> {
  return getDb().transaction(async (tx) => {
    const locked = await lockForDecision(tx, actor, rawId);
    if (!locked.ok) return fail(locked.error);
    return fn(tx, locked.staff, locked.report);
  });
}

/** Gives up the claim; the report stays in review, unassigned. Admins may release anyone's. */
export async function releaseReport(actor: Actor | null, rawId: unknown, now = clock.now()): Promise<ActionResult<{ id: number }>> {
  const id = reportIdSchema.safeParse(rawId);
  if (!id.success) return fail(NOT_FOUND);
  return getDb().transaction(async (tx) => {
    const staff = await staffFrom(tx, actor);
    if (!staff) return fail(actor ? STAFF_ONLY : SIGN_IN_AGAIN);
    const [report] = await tx.select().from(reports).where(eq(reports.id, id.data)).for('update');
    if (!report || report.status === 'unverified') return fail(NOT_FOUND);
    if (!isOpen(report.status)) return fail(ALREADY_DECIDED(report.status));
    if (!report.claimedBy) return fail('Nobody holds this report.');
    if (report.claimedBy !== staff.userId && staff.role !== 'admin') return fail('Another reviewer holds this report: only they or an administrator can release it.');
    await tx.update(reports).set({ claimedBy: null, claimedAt: null, updatedAt: now }).where(eq(reports.id, report.id));
    await addEvent(tx, { reportId: report.id, kind: 'assignment', body: `Released by ${staff.username}`, internal: true, actor: staff }, now);
    await audit(tx, { actor: staff, action: 'report.released', subjectUserId: report.userId, reportId: report.id }, now);
    return ok({ id: report.id });
  });
}

/** Admins only: hands the report to another active reviewer (or themselves). */
export async function reassignReport(actor: Actor | null, rawId: unknown, raw: unknown, now = clock.now()): Promise<ActionResult<{ id: number }>> {
  const id = reportIdSchema.safeParse(rawId);
  if (!id.success) return fail(NOT_FOUND);
  const parsed = reassignSchema.safeParse(raw);
  if (!parsed.success) return fail(undefined, fieldErrorsOf(parsed.error));
  return getDb().transaction(async (tx) => {
    const staff = await staffFrom(tx, actor);
    if (!staff) return fail(actor ? STAFF_ONLY : SIGN_IN_AGAIN);
    if (staff.role !== 'admin') return fail('Only administrators can reassign reports.');
    const target = await staffFrom(tx, { userId: parsed.data.staffId, role: 'staff' });
    if (!target) return fail(undefined, { staffId: ['Choose an active staff member or administrator.'] });
    const [report] = await tx.select().from(reports).where(eq(reports.id, id.data)).for('update');
    if (!report || report.status === 'unverified') return fail(NOT_FOUND);
    if (!isOpen(report.status)) return fail(ALREADY_DECIDED(report.status));
    if (report.userId === target.userId) return fail(undefined, { staffId: ['Nobody reviews their own report: choose someone else.'] });
    if (report.claimedBy === target.userId) return ok({ id: report.id });
    const status: ReportStatus = report.status === 'submitted' ? 'in_review' : report.status;
    await tx.update(reports).set({ claimedBy: target.userId, claimedAt: now, status, updatedAt: now }).where(eq(reports.id, report.id));
    await addEvent(tx, { reportId: report.id, kind: 'assignment', body: `Assigned to ${target.username} by ${staff.username}`, internal: true, actor: staff }, now);
    if (status !== report.status) {
      await addEvent(tx, { reportId: report.id, kind: 'status', status, actor: staff }, now);
      await notify(tx, report, status);
    }
    await audit(tx, { actor: staff, action: 'report.reassigned', subjectUserId: report.userId, reportId: report.id }, now);
    return ok({ id: report.id });
  });
}

/* ---------------------------------------------------------------- decisions */

export type ApproveResult = { id: number; applied: 'profile' | 'email' | 'mobile' | 'recorded' | 'already' };
const RECHECK = (item: string) =>
  `The customer's ${itemLabel(item).toLowerCase()} changed since this report was raised, so the correction was not applied. The report now shows the current value: review it again before deciding.`;

/** The stored value moved on since the report: refresh the snapshot, note it, and refuse (the reviewer must look again). */
async function forceRecheck(tx: Tx, staff: Staff, report: ReportRow, value: string | null, profileVersion: number | null, now: Date): Promise<ActionResult<ApproveResult>> {
  await tx.update(reports).set({ currentValue: value, profileVersion, updatedAt: now }).where(eq(reports.id, report.id));
  await addEvent(
    tx,
    { reportId: report.id, kind: 'recheck', body: `The stored value changed since the report: it was "${displayValue(report.item, report.currentValue)}", it is now "${displayValue(report.item, value)}". Review again.`, internal: true, actor: staff },
    now,
  );
  await audit(tx, { actor: staff, action: 'report.rechecked', subjectUserId: report.userId, reportId: report.id }, now);
  return fail(RECHECK(report.item));
}

/**
 * Applies the correction and closes the report as corrected, in one
 * transaction. Profile items: the profile row is locked and version-bumped
 * like updateProfile, and history records "by staff, correction report #N".
 * Email and mobile: written to the account, marked unconfirmed (the customer
 * confirms the new email through a link we send). Other items: no data
 * changes; the report records that we agree (docs/decisions/010-inaccuracy-report-corrections.md).
 * If the value changed since the report, nothing is applied.
 */
export async function approveReport(actor: Actor | null, rawId: unknown, raw: unknown = {}, now = clock.now()): Promise<ActionResult<ApproveResult>> {
  const parsed = approveSchema.safeParse(raw);
  if (!parsed.success) return fail(undefined, fieldErrorsOf(parsed.error));
  try {
    return await decide<ApproveResult>(actor, rawId, async (tx, staff, report) => {
      const def = REPORT_ITEMS[report.item];
      let applied: ApproveResult['applied'] = 'recorded';
      if (def?.field) {
        const field = def.field;
        await getProfile(report.userId, tx);
        const [profile] = await tx.select().from(profiles).where(eq(profiles.userId, report.userId)).for('update');
        const value = profile![field] ?? null;
        if (value !== report.currentValue) return forceRecheck(tx, staff, report, value, profile!.version, now);
        if (value === report.proposedValue) applied = 'already';
        else {
          await tx
            .update(profiles)
            .set({ [field]: report.proposedValue, version: profile!.version + 1, updatedAt: now })
            .where(and(eq(profiles.userId, report.userId), eq(profiles.version, profile!.version)));
          await tx.insert(profileChanges).values({ userId: report.userId, field, kind: value == null ? 'set' : 'changed', actor: 'staff', reportId: report.id, changedAt: now });
          applied = 'profile';
        }
      } else if (report.item === 'email' || report.item === 'mobile') {
        const kind = report.item;
        const [user] = await tx.select().from(users).where(eq(users.id, report.userId)).for('update');
        const value = user![kind] ?? null;
        if (value !== report.currentValue) return forceRecheck(tx, staff, report, value, null, now);
        const column = kind === 'email' ? users.emailNormalized : users.mobile;
        const lookup = kind === 'email' ? normalizeEmail(report.proposedValue) : report.proposedValue;
        const [taken] = await tx.select({ id: users.id }).from(users).where(and(eq(column, lookup), ne(users.id, report.userId)));
        if (taken) return fail(`Another account uses this ${kind === 'email' ? 'email address' : 'mobile number'}, so the correction cannot be applied. Reject the report with a reason, or ask the customer for more information.`);
        if (kind === 'email') {
          await tx.update(users).set({ email: report.proposedValue, emailNormalized: lookup, emailVerifiedAt: null, updatedAt: now }).where(eq(users.id, report.userId));
          // Reset links went to the old address: they die with it.
          await endResetLinks(tx, report.userId, now);
          const token = await createLinkToken(tx, { purpose: 'email_verify', target: lookup, userId: report.userId, minutes: 7 * 24 * 60 }, now);
          await mail.sendEmail({ to: report.proposedValue, userId: report.userId, ...(await templates.verifyEmail(token)) }, tx);
          // The previous address hears about it too: that is where a customer who did not ask for this would look.
          await mail.sendEmail({ to: user!.email, userId: report.userId, ...(await templates.reportStatus(report.id, itemLabel(report.item), STATUS_LABELS.corrected, 'We changed the email address of your account as you asked.')) }, tx);
        } else {
          await tx.update(users).set({ mobile: report.proposedValue, mobileVerifiedAt: null, updatedAt: now }).where(eq(users.id, report.userId));
        }
        await tx.insert(profileChanges).values({ userId: report.userId, field: kind, kind: value == null ? 'set' : 'changed', actor: 'staff', reportId: report.id, changedAt: now });
        applied = kind;
      }
      const note = parsed.data.note ?? null;
      await tx.update(reports).set({ status: 'corrected', decidedAt: now, updatedAt: now }).where(eq(reports.id, report.id));
      await addEvent(tx, { reportId: report.id, kind: 'status', status: 'corrected', body: note, actor: staff }, now);
      await audit(tx, { actor: staff, action: 'report.approved', subjectUserId: report.userId, reportId: report.id }, now);
      await notify(tx, report, 'corrected', note);
      return ok({ id: report.id, applied });
    });
  } catch (e) {
    // The unique indexes decide a race with another account taking the same email or mobile.
    if (isUniqueViolation(e, 'users_email_key') || isUniqueViolation(e, 'users_mobile_key')) return fail('Another account now uses this value, so the correction cannot be applied.');
    throw e;
  }
}

/** Rejects with a reason the customer sees. */
export async function rejectReport(actor: Actor | null, rawId: unknown, raw: unknown, now = clock.now()): Promise<ActionResult<{ id: number }>> {
  const parsed = rejectSchema.safeParse(raw);
  if (!parsed.success) return fail(undefined, fieldErrorsOf(parsed.error));
  return decide(actor, rawId, async (tx, staff, report) => {
    await tx.update(reports).set({ status: 'rejected', decidedAt: now, updatedAt: now }).where(eq(reports.id, report.id));
    await addEvent(tx, { reportId: report.id, kind: 'status', status: 'rejected', body: parsed.data.reason, actor: staff }, now);
    await audit(tx, { actor: staff, action: 'report.rejected', subjectUserId: report.userId, reportId: report.id }, now);
    await notify(tx, report, 'rejected', parsed.data.reason);
    return ok({ id: report.id });
  });
}

/** Asks the customer a question; the report waits for their answer (the reviewer keeps the claim). */
export async function requestInformation(actor: Actor | null, rawId: unknown, raw: unknown, now = clock.now()): Promise<ActionResult<{ id: number }>> {
  const parsed = requestInfoSchema.safeParse(raw);
  if (!parsed.success) return fail(undefined, fieldErrorsOf(parsed.error));
  return decide(actor, rawId, async (tx, staff, report) => {
    if (report.status === 'needs_information') return fail('This report is already waiting for the customer to answer.');
    await tx.update(reports).set({ status: 'needs_information', updatedAt: now }).where(eq(reports.id, report.id));
    await addEvent(tx, { reportId: report.id, kind: 'status', status: 'needs_information', body: parsed.data.question, actor: staff }, now);
    await audit(tx, { actor: staff, action: 'report.information_requested', subjectUserId: report.userId, reportId: report.id }, now);
    await notify(tx, report, 'needs_information', parsed.data.question);
    return ok({ id: report.id });
  });
}

/** Moves the due date once, by 1 to 60 days, with a reason the customer sees. */
export async function extendDeadline(actor: Actor | null, rawId: unknown, raw: unknown, now = clock.now()): Promise<ActionResult<{ id: number; dueAt: Date }>> {
  const parsed = extendSchema.safeParse(raw);
  if (!parsed.success) return fail(undefined, fieldErrorsOf(parsed.error));
  return decide(actor, rawId, async (tx, staff, report) => {
    if (report.extended) return fail('The deadline of this report was already extended once; it cannot be extended again.');
    const dueAt = new Date(report.dueAt!.getTime() + parsed.data.days * DAY_MS);
    await tx.update(reports).set({ dueAt, extended: true, extensionReason: parsed.data.reason, updatedAt: now }).where(eq(reports.id, report.id));
    await addEvent(tx, { reportId: report.id, kind: 'extension', body: parsed.data.reason, actor: staff }, now);
    await audit(tx, { actor: staff, action: 'report.extended', subjectUserId: report.userId, reportId: report.id, reason: `Report #${report.id}: ${parsed.data.reason}` }, now);
    const to = await customerEmail(tx, report.userId);
    if (to) await mail.sendEmail({ to, userId: report.userId, ...(await templates.reportExtended(report.id, itemLabel(report.item), dueText(dueAt), parsed.data.reason)) }, tx);
    return ok({ id: report.id, dueAt });
  });
}

/** A note for staff only; the customer never sees it. */
export async function addInternalNote(actor: Actor | null, rawId: unknown, raw: unknown, now = clock.now()): Promise<ActionResult<{ id: number }>> {
  const parsed = noteSchema.safeParse(raw);
  if (!parsed.success) return fail(undefined, fieldErrorsOf(parsed.error));
  return decide(actor, rawId, async (tx, staff, report) => {
    await addEvent(tx, { reportId: report.id, kind: 'note', body: parsed.data.note, internal: true, actor: staff }, now);
    await audit(tx, { actor: staff, action: 'report.noted', subjectUserId: report.userId, reportId: report.id }, now);
    return ok({ id: report.id });
  });
}
