import { STATUS_LABELS, type ReportStatus } from '@/lib/report-status';

const TONES: Record<ReportStatus, string> = {
  unverified: 'bg-amber-100 text-amber-900',
  submitted: 'bg-brand-50 text-brand-800',
  in_review: 'bg-brand-50 text-brand-800',
  needs_information: 'bg-amber-100 text-amber-900',
  corrected: 'bg-green-100 text-green-900',
  rejected: 'bg-red-100 text-red-900',
  withdrawn: 'bg-slate-100 text-slate-700',
};

export function StatusBadge({ status }: { status: ReportStatus }) {
  return <span className={`inline-block rounded-full px-2 py-0.5 text-sm font-medium ${TONES[status]}`}>{STATUS_LABELS[status]}</span>;
}

/** Shown beside any item with an open inaccuracy report (GDPR Art. 18: its accuracy is contested). */
export function DisputedBadge() {
  return <span className="inline-block rounded-full bg-amber-100 px-2 py-0.5 text-sm font-medium text-amber-900">Disputed, under review</span>;
}

export function DueText({ dueAt, daysText, overdue }: { dueAt: string; daysText: string; overdue: boolean }) {
  return (
    <span>
      <span>{dueAt}</span>{' '}
      <span className={overdue ? 'rounded bg-red-100 px-1.5 font-semibold text-red-900' : 'text-slate-700'}>({daysText})</span>
    </span>
  );
}
