/** server/reports/staff.ts as app/admin/reports/actions.ts runs it (see README.md). */
import type { z } from 'zod';
import { getDb, type Tx } from '@/db/client';
import { approveSchema, extendSchema, noteSchema, reassignSchema, rejectSchema, reportRefSchema, requestInfoSchema, withReportId } from '@/lib/validation/reports';
import type { Actor } from '@/server/core/actor';
import type { Refusal } from '@/server/core/refusal';
import * as staff from '@/server/reports/staff';
import { attemptResult, withInput } from '../../kit/use-case';

type Maybe = Actor | null;

/** A decision on one report with a form: the form's schema with the report's id, as the action composes it. */
const onReport =
  <S extends z.ZodObject, T>(form: S, fn: (tx: Tx, actor: Maybe, id: number, input: z.output<S>, now?: Date) => Promise<T | Refusal>) =>
  (actor: Maybe, rawId: unknown, raw: unknown = {}, now?: Date) =>
    withInput(withReportId(form), { ...(raw as object), id: rawId }, (tx, input) => fn(tx, actor, (input as { id: number }).id, input as z.output<S>, now), 'id');
/** An act on one report without a form. */
const byId =
  <T>(fn: (tx: Tx, actor: Maybe, id: number, now?: Date) => Promise<T | Refusal>) =>
  (actor: Maybe, rawId: unknown, now?: Date) =>
    withInput(reportRefSchema, { id: rawId }, (tx, input) => fn(tx, actor, input.id, now), 'id');

export * from '@/server/reports/staff';
/** The review page's read, on the database handle the page passes (it opens its own transaction). */
export const getReportForStaff = (actor: Maybe, rawId: unknown, now?: Date) => staff.getReportForStaff(getDb(), actor, rawId, now);
export const claimReport = byId(staff.claimReport);
export const claimNext = (actor: Maybe, now?: Date) => attemptResult((tx) => staff.claimNext(tx, actor, now));
export const releaseReport = byId(staff.releaseReport);
export const reassignReport = onReport(reassignSchema, staff.reassignReport);
export const approveReport = onReport(approveSchema, staff.approveReport);
export const rejectReport = onReport(rejectSchema, staff.rejectReport);
export const requestInformation = onReport(requestInfoSchema, staff.requestInformation);
export const extendDeadline = onReport(extendSchema, staff.extendDeadline);
export const addInternalNote = onReport(noteSchema, staff.addInternalNote);
