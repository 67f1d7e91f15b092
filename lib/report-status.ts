/** An inaccuracy report's statuses and their names, apart from lib/reports.ts so a badge ships without what that module imports (zod, libphonenumber-js). */
export const REPORT_STATUSES = ['unverified', 'submitted', 'in_review', 'needs_information', 'corrected', 'rejected', 'withdrawn'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
/** Verified and not yet decided: in the queue, the item shows as disputed. */
export const OPEN_STATUSES = ['submitted', 'in_review', 'needs_information'] as const satisfies readonly ReportStatus[];
export const CLOSED_STATUSES = ['corrected', 'rejected', 'withdrawn'] as const satisfies readonly ReportStatus[];
export const isOpen = (s: ReportStatus) => (OPEN_STATUSES as readonly string[]).includes(s);

export const STATUS_LABELS: Record<ReportStatus, string> = {
  unverified: 'Waiting for your confirmation',
  submitted: 'Submitted',
  in_review: 'In review',
  needs_information: 'Needs information',
  corrected: 'Corrected',
  rejected: 'Rejected',
  withdrawn: 'Withdrawn',
};
