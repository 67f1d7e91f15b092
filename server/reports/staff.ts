import 'server-only';
import { and, asc, eq, inArray, isNull, ne } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import { type DbOrTx, type Tx } from '@/db/client';
import { profileChanges, reportEvents, reports, users } from '@/db/schema';
import { DAY_MS, displayValue, isOpen, itemLabel, REPORT_ITEMS, STATUS_LABELS, type ReportStatus, type TimelineEntry } from '@/lib/reports';
import { normalizeEmail } from '@/lib/validation/fields';
import { reportIdSchema, type approveSchema, type extendSchema, type noteSchema, type reassignSchema, type rejectSchema, type requestInfoSchema } from '@/lib/validation/reports';
import { lockProfile, updateProfile } from '../account/profile';
import { clock } from '../clock';
import { mail } from '../mail/transport';
import { templates } from '../mail/templates';
import { createLinkToken, endResetLinks } from '../verifications';
import type { Actor } from '../core/actor';
import { audit } from '../core/audit';
import { staffFrom, type Staff } from '../core/staff';
import { DomainError, isRefusal, refuse, type Refusal } from '../core/refusal';
import { isUniqueViolation } from '../core/sql';
import { addEvent, currentValueOf, customerEmail, dueText, OPEN_REPORT_SQL, type ReportRow } from './common';

/*
 * The staff side: claim, review and decide. Every function checks the actor
 * against the users row (staff or admin, active), never shows an unconfirmed
 * draft, lets only the reviewer holding the claim decide, and writes an
 * append-only audit entry in the same transaction as what it audits.
 */

const OWN_REPORT = { code: 'report_own' } as const;
const NOT_FOUND = { code: 'report_not_found' } as const;
const alreadyDecided = (s: ReportStatus) => ({ code: 'report_already_decided', params: { status: STATUS_LABELS[s].toLowerCase() } }) as const;
/** Staff powers are the users row's, checked here whatever the pipeline checked: a signed-out caller's session ended, anyone else is not staff. */
const notStaff = (actor: Actor | null) => refuse({ code: actor ? 'staff_only' : 'session_ended' });

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

/**
 * The review page's data. Viewing is access to the customer's data, so it is logged. Drafts are never shown.
 * A page has no action pipeline, hence no transaction of its own: this takes a database handle (getDb(), or a
 * transaction when a use case composes it) and opens one inside (a savepoint in a caller's transaction), so
 * the access is logged if and only if the data was read (as getConversationForStaff does).
 */
export async function getReportForStaff(db: DbOrTx, actor: Actor | null, rawId: unknown, now = clock.now()): Promise<StaffReportView | null> {
  const id = reportIdSchema.safeParse(rawId);
  if (!id.success) return null;
  return db.transaction(async (tx) => {
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
export async function claimReport(tx: Tx, actor: Actor | null, id: number, now = clock.now()): Promise<{ id: number } | Refusal> {
  const staff = await staffFrom(tx, actor);
  if (!staff) return notStaff(actor);
  const [free] = await tx
    .select()
    .from(reports)
    .where(and(eq(reports.id, id), OPEN_REPORT_SQL, isNull(reports.claimedBy)))
    .for('update', { skipLocked: true });
  if (free?.userId === staff.userId) return refuse(OWN_REPORT);
  if (free) {
    await takeClaim(tx, staff, free, now);
    return { id: free.id };
  }
  const [seen] = await tx
    .select({ status: reports.status, claimedBy: reports.claimedBy, holder: users.username })
    .from(reports)
    .leftJoin(users, eq(users.id, reports.claimedBy))
    .where(eq(reports.id, id));
  if (!seen || seen.status === 'unverified') return refuse(NOT_FOUND);
  if (!isOpen(seen.status)) return refuse(alreadyDecided(seen.status));
  if (seen.claimedBy === staff.userId) return { id };
  if (seen.claimedBy) return refuse({ code: staff.role === 'admin' ? 'report_held_by_reassignable' : 'report_held_by', params: { holder: seen.holder ?? '' } });
  return refuse({ code: 'report_being_claimed' });
}

/** Claims the unassigned open report due soonest (skipping any another reviewer is taking at this instant). */
export async function claimNext(tx: Tx, actor: Actor | null, now = clock.now()): Promise<{ id: number } | null | Refusal> {
  const staff = await staffFrom(tx, actor);
  if (!staff) return notStaff(actor);
  const [next] = await tx
    .select()
    .from(reports)
    .where(and(OPEN_REPORT_SQL, isNull(reports.claimedBy), ne(reports.userId, staff.userId)))
    .orderBy(asc(reports.dueAt), asc(reports.id))
    .limit(1)
    .for('update', { skipLocked: true });
  if (!next) return null;
  await takeClaim(tx, staff, next, now);
  return { id: next.id };
}

/** The report locked for a decision; refuses unless it is open and the actor holds the claim. */
async function lockForDecision(tx: Tx, actor: Actor | null, id: number): Promise<{ staff: Staff; report: ReportRow } | Refusal> {
  const staff = await staffFrom(tx, actor);
  if (!staff) return notStaff(actor);
  // Blocking lock: a second decision made at the same instant waits, then sees the first one's outcome.
  const [report] = await tx.select().from(reports).where(eq(reports.id, id)).for('update');
  if (!report || report.status === 'unverified') return refuse(NOT_FOUND);
  if (!isOpen(report.status)) return refuse(alreadyDecided(report.status));
  if (report.claimedBy !== staff.userId) return refuse({ code: report.claimedBy ? 'report_held_by_other' : 'report_claim_first' });
  // Claiming already refuses one's own report; re-checked here so a claim that got through another way
  // (a role change, a row edited by hand, a future path) still decides nothing.
  if (report.userId === staff.userId) return refuse(OWN_REPORT);
  return { staff, report };
}

type Decision<T> = (staff: Staff, report: ReportRow) => Promise<T | Refusal>;
async function decide<T>(tx: Tx, actor: Actor | null, id: number, fn: Decision<T>): Promise<T | Refusal> {
  const locked = await lockForDecision(tx, actor, id);
  return isRefusal(locked) ? locked : fn(locked.staff, locked.report);
}

/** Gives up the claim; the report stays in review, unassigned. Admins may release anyone's. */
export async function releaseReport(tx: Tx, actor: Actor | null, id: number, now = clock.now()): Promise<{ id: number } | Refusal> {
  const staff = await staffFrom(tx, actor);
  if (!staff) return notStaff(actor);
  const [report] = await tx.select().from(reports).where(eq(reports.id, id)).for('update');
  if (!report || report.status === 'unverified') return refuse(NOT_FOUND);
  if (!isOpen(report.status)) return refuse(alreadyDecided(report.status));
  if (!report.claimedBy) return refuse({ code: 'report_not_held' });
  if (report.claimedBy !== staff.userId && staff.role !== 'admin') return refuse({ code: 'report_release_not_yours' });
  await tx.update(reports).set({ claimedBy: null, claimedAt: null, updatedAt: now }).where(eq(reports.id, report.id));
  await addEvent(tx, { reportId: report.id, kind: 'assignment', body: `Released by ${staff.username}`, internal: true, actor: staff }, now);
  await audit(tx, { actor: staff, action: 'report.released', subjectUserId: report.userId, reportId: report.id }, now);
  return { id: report.id };
}

/** Admins only: hands the report to another active reviewer (or themselves). */
export async function reassignReport(tx: Tx, actor: Actor | null, id: number, input: z.output<typeof reassignSchema>, now = clock.now()): Promise<{ id: number } | Refusal> {
  const staff = await staffFrom(tx, actor);
  if (!staff) return notStaff(actor);
  if (staff.role !== 'admin') return refuse({ code: 'report_reassign_admins_only' });
  const target = await staffFrom(tx, { userId: input.staffId, role: 'staff' });
  if (!target) return refuse({ code: 'report_reassign_choose', field: 'staffId' });
  const [report] = await tx.select().from(reports).where(eq(reports.id, id)).for('update');
  if (!report || report.status === 'unverified') return refuse(NOT_FOUND);
  if (!isOpen(report.status)) return refuse(alreadyDecided(report.status));
  if (report.userId === target.userId) return refuse({ code: 'report_reassign_own', field: 'staffId' });
  if (report.claimedBy === target.userId) return { id: report.id };
  const status: ReportStatus = report.status === 'submitted' ? 'in_review' : report.status;
  await tx.update(reports).set({ claimedBy: target.userId, claimedAt: now, status, updatedAt: now }).where(eq(reports.id, report.id));
  await addEvent(tx, { reportId: report.id, kind: 'assignment', body: `Assigned to ${target.username} by ${staff.username}`, internal: true, actor: staff }, now);
  if (status !== report.status) {
    await addEvent(tx, { reportId: report.id, kind: 'status', status, actor: staff }, now);
    await notify(tx, report, status);
  }
  await audit(tx, { actor: staff, action: 'report.reassigned', subjectUserId: report.userId, reportId: report.id }, now);
  return { id: report.id };
}

/* ---------------------------------------------------------------- decisions */

export type ApproveResult = { id: number; applied: 'profile' | 'email' | 'mobile' | 'recorded' | 'already' };

/** The stored value moved on since the report: refresh the snapshot, note it, and refuse (the reviewer must look again). */
async function forceRecheck(tx: Tx, staff: Staff, report: ReportRow, value: string | null, profileVersion: number | null, now: Date): Promise<Refusal> {
  await tx.update(reports).set({ currentValue: value, profileVersion, updatedAt: now }).where(eq(reports.id, report.id));
  await addEvent(
    tx,
    { reportId: report.id, kind: 'recheck', body: `The stored value changed since the report: it was "${displayValue(report.item, report.currentValue)}", it is now "${displayValue(report.item, value)}". Review again.`, internal: true, actor: staff },
    now,
  );
  await audit(tx, { actor: staff, action: 'report.rechecked', subjectUserId: report.userId, reportId: report.id }, now);
  return refuse({ code: 'report_recheck', params: { item: itemLabel(report.item).toLowerCase() } });
}

/**
 * Applies the correction and closes the report as corrected, in the caller's
 * transaction. Profile items: written through updateProfile, the customer's own
 * save (the row locked, version-bumped, history "by staff, correction report #N").
 * Email and mobile: written to the account, marked unconfirmed (the customer
 * confirms the new email through a link we send). Other items: no data
 * changes; the report records that we agree (docs/decisions/010-inaccuracy-report-corrections.md).
 * If the value changed since the report, nothing is applied.
 */
export async function approveReport(tx: Tx, actor: Actor | null, id: number, input: z.output<typeof approveSchema>, now = clock.now()): Promise<ApproveResult | Refusal> {
  try {
    return await decide<ApproveResult>(tx, actor, id, async (staff, report) => {
      const def = REPORT_ITEMS[report.item];
      let applied: ApproveResult['applied'] = 'recorded';
      if (def?.field) {
        const field = def.field;
        const profile = await lockProfile(tx, report.userId);
        const value = profile[field] ?? null;
        if (value !== report.currentValue) return forceRecheck(tx, staff, report, value, profile.version, now);
        if (value === report.proposedValue) applied = 'already';
        else {
          const saved = await updateProfile(tx, report.userId, profile.version, { [field]: report.proposedValue }, { actor: 'staff', reportId: report.id }, now);
          if (saved.status === 'conflict') return forceRecheck(tx, staff, report, saved.current[field] ?? null, saved.current.version, now);
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
        if (taken) return refuse({ code: kind === 'email' ? 'report_email_taken' : 'report_mobile_taken' });
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
      const note = input.note ?? null;
      await tx.update(reports).set({ status: 'corrected', decidedAt: now, updatedAt: now }).where(eq(reports.id, report.id));
      await addEvent(tx, { reportId: report.id, kind: 'status', status: 'corrected', body: note, actor: staff }, now);
      await audit(tx, { actor: staff, action: 'report.approved', subjectUserId: report.userId, reportId: report.id }, now);
      await notify(tx, report, 'corrected', note);
      return { id: report.id, applied };
    });
  } catch (e) {
    // The unique indexes decide a race with another account taking the same email or mobile: nothing is kept.
    if (isUniqueViolation(e, 'users_email_key') || isUniqueViolation(e, 'users_mobile_key')) throw new DomainError({ code: 'report_value_taken_now' });
    throw e;
  }
}

/** Rejects with a reason the customer sees. */
export async function rejectReport(tx: Tx, actor: Actor | null, id: number, input: z.output<typeof rejectSchema>, now = clock.now()): Promise<{ id: number } | Refusal> {
  return decide(tx, actor, id, async (staff, report) => {
    await tx.update(reports).set({ status: 'rejected', decidedAt: now, updatedAt: now }).where(eq(reports.id, report.id));
    await addEvent(tx, { reportId: report.id, kind: 'status', status: 'rejected', body: input.reason, actor: staff }, now);
    await audit(tx, { actor: staff, action: 'report.rejected', subjectUserId: report.userId, reportId: report.id }, now);
    await notify(tx, report, 'rejected', input.reason);
    return { id: report.id };
  });
}

/** Asks the customer a question; the report waits for their answer (the reviewer keeps the claim). */
export async function requestInformation(tx: Tx, actor: Actor | null, id: number, input: z.output<typeof requestInfoSchema>, now = clock.now()): Promise<{ id: number } | Refusal> {
  return decide(tx, actor, id, async (staff, report) => {
    if (report.status === 'needs_information') return refuse({ code: 'report_already_waiting' });
    await tx.update(reports).set({ status: 'needs_information', updatedAt: now }).where(eq(reports.id, report.id));
    await addEvent(tx, { reportId: report.id, kind: 'status', status: 'needs_information', body: input.question, actor: staff }, now);
    await audit(tx, { actor: staff, action: 'report.information_requested', subjectUserId: report.userId, reportId: report.id }, now);
    await notify(tx, report, 'needs_information', input.question);
    return { id: report.id };
  });
}

/** Moves the due date once, by 1 to 60 days, with a reason the customer sees. */
export async function extendDeadline(tx: Tx, actor: Actor | null, id: number, input: z.output<typeof extendSchema>, now = clock.now()): Promise<{ id: number; dueAt: Date } | Refusal> {
  return decide(tx, actor, id, async (staff, report) => {
    if (report.extended) return refuse({ code: 'report_already_extended' });
    const dueAt = new Date(report.dueAt!.getTime() + input.days * DAY_MS);
    await tx.update(reports).set({ dueAt, extended: true, extensionReason: input.reason, updatedAt: now }).where(eq(reports.id, report.id));
    await addEvent(tx, { reportId: report.id, kind: 'extension', body: input.reason, actor: staff }, now);
    await audit(tx, { actor: staff, action: 'report.extended', subjectUserId: report.userId, reportId: report.id, reason: `Report #${report.id}: ${input.reason}` }, now);
    const to = await customerEmail(tx, report.userId);
    if (to) await mail.sendEmail({ to, userId: report.userId, ...(await templates.reportExtended(report.id, itemLabel(report.item), dueText(dueAt), input.reason)) }, tx);
    return { id: report.id, dueAt };
  });
}

/** A note for staff only; the customer never sees it. */
export async function addInternalNote(tx: Tx, actor: Actor | null, id: number, input: z.output<typeof noteSchema>, now = clock.now()): Promise<{ id: number } | Refusal> {
  return decide(tx, actor, id, async (staff, report) => {
    await addEvent(tx, { reportId: report.id, kind: 'note', body: input.note, internal: true, actor: staff }, now);
    await audit(tx, { actor: staff, action: 'report.noted', subjectUserId: report.userId, reportId: report.id }, now);
    return { id: report.id };
  });
}
