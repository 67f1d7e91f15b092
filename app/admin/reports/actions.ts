'use server';
import { approveSchema, extendSchema, noteSchema, reassignSchema, rejectSchema, reportRefSchema, requestInfoSchema, withReportId } from '@/lib/validation/reports';
import { defineAction } from '@/server/core/action';
import { addInternalNote, approveReport, claimNext, claimReport, extendDeadline, reassignReport, rejectReport, releaseReport, requestInformation } from '@/server/reports/staff';

/*
 * Inaccuracy reports, staff side. The pipeline checks the session's role;
 * server/reports/staff re-checks it against the database, the claim and the
 * report's state, and writes the audit entry. Each answer refreshes the review
 * page, refused ones too: a lost claim shows who won it.
 */

export const claimReportAction = defineAction({
  name: 'report.claim',
  input: reportRefSchema,
  auth: 'staff',
  ref: 'id',
  refresh: 'always',
  run: async ({ input, actor, tx, now }) => claimReport(tx, actor, input.id, now),
});

export const claimNextAction = defineAction({
  name: 'report.claim-next',
  auth: 'staff',
  run: async ({ actor, tx, now }) => claimNext(tx, actor, now),
});

export const releaseReportAction = defineAction({
  name: 'report.release',
  input: reportRefSchema,
  auth: 'staff',
  ref: 'id',
  refresh: 'always',
  run: async ({ input, actor, tx, now }) => releaseReport(tx, actor, input.id, now),
});

export const reassignReportAction = defineAction({
  name: 'report.reassign',
  input: withReportId(reassignSchema),
  auth: 'staff',
  ref: 'id',
  refresh: 'always',
  run: async ({ input, actor, tx, now }) => reassignReport(tx, actor, input.id, input, now),
});

export const approveReportAction = defineAction({
  name: 'report.approve',
  input: withReportId(approveSchema),
  auth: 'staff',
  ref: 'id',
  refresh: 'always',
  run: async ({ input, actor, tx, now }) => approveReport(tx, actor, input.id, input, now),
});

export const rejectReportAction = defineAction({
  name: 'report.reject',
  input: withReportId(rejectSchema),
  auth: 'staff',
  ref: 'id',
  refresh: 'always',
  run: async ({ input, actor, tx, now }) => rejectReport(tx, actor, input.id, input, now),
});

export const requestInformationAction = defineAction({
  name: 'report.request-information',
  input: withReportId(requestInfoSchema),
  auth: 'staff',
  ref: 'id',
  refresh: 'always',
  run: async ({ input, actor, tx, now }) => requestInformation(tx, actor, input.id, input, now),
});

export const extendDeadlineAction = defineAction({
  name: 'report.extend',
  input: withReportId(extendSchema),
  auth: 'staff',
  ref: 'id',
  refresh: 'always',
  run: async ({ input, actor, tx, now }) => extendDeadline(tx, actor, input.id, input, now),
});

export const addNoteAction = defineAction({
  name: 'report.note',
  input: withReportId(noteSchema),
  auth: 'staff',
  ref: 'id',
  refresh: 'always',
  run: async ({ input, actor, tx, now }) => addInternalNote(tx, actor, input.id, input, now),
});
