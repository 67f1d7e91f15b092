'use server';
import type { ActionResult } from '@/lib/result';
import { sessionActor } from '@/server/core/session-actor';
import {
  addInternalNote,
  approveReport,
  claimNext,
  claimReport,
  extendDeadline,
  reassignReport,
  rejectReport,
  releaseReport,
  requestInformation,
  type ApproveResult,
} from '@/server/reports/staff';

/*
 * Inaccuracy reports, staff side. The identity comes from the checked session;
 * server/reports/staff re-checks the role against the database, the claim and
 * the report's state, and writes the audit entry.
 */

export async function claimReportAction(id: unknown): Promise<ActionResult<{ id: number }>> {
  return claimReport(await sessionActor(), id);
}

export async function claimNextAction(): Promise<ActionResult<{ id: number } | null>> {
  return claimNext(await sessionActor());
}

export async function releaseReportAction(id: unknown): Promise<ActionResult<{ id: number }>> {
  return releaseReport(await sessionActor(), id);
}

export async function reassignReportAction(id: unknown, raw: unknown): Promise<ActionResult<{ id: number }>> {
  return reassignReport(await sessionActor(), id, raw);
}

export async function approveReportAction(id: unknown, raw: unknown): Promise<ActionResult<ApproveResult>> {
  return approveReport(await sessionActor(), id, raw);
}

export async function rejectReportAction(id: unknown, raw: unknown): Promise<ActionResult<{ id: number }>> {
  return rejectReport(await sessionActor(), id, raw);
}

export async function requestInformationAction(id: unknown, raw: unknown): Promise<ActionResult<{ id: number }>> {
  return requestInformation(await sessionActor(), id, raw);
}

export async function extendDeadlineAction(id: unknown, raw: unknown): Promise<ActionResult<{ id: number; dueAt: Date }>> {
  return extendDeadline(await sessionActor(), id, raw);
}

export async function addNoteAction(id: unknown, raw: unknown): Promise<ActionResult<{ id: number }>> {
  return addInternalNote(await sessionActor(), id, raw);
}
