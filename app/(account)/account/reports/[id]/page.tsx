import { PageHeader } from '@/components/ui/page-header';
import { notFound } from 'next/navigation';
import { DisputedBadge, DueText, StatusBadge } from '@/components/reports/badges';
import { AnswerForm, DraftConfirmation, WithdrawButton } from '@/components/reports/customer-actions';
import { Timeline } from '@/components/reports/timeline';
import { Alert } from '@/components/ui/alert';
import { formatDateTime } from '@/lib/format';
import { describeDaysLeft, displayValue, isOpen, isOverdue, itemLabel } from '@/lib/reports';
import { requireUser } from '@/server/auth/current';
import { clock } from '@/server/clock';
import { getMyReport } from '@/server/reports/customer';
import { Card } from '@/components/ui/card';

export const metadata = { title: 'Inaccuracy report' };

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-col gap-0.5 border-b border-slate-100 py-2 last:border-0 sm:flex-row sm:gap-4">
      <dt className="w-48 shrink-0 text-slate-600">{label}</dt>
      <dd className="min-w-0 flex-1 whitespace-pre-wrap break-words">{children}</dd>
    </div>
  );
}

export default async function ReportPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ confirmed?: string; answered?: string }> }) {
  const { user } = await requireUser();
  const now = clock.now();
  const { id } = await params;
  const found = await getMyReport(user.id, id, now);
  if (!found) notFound();
  const { report, timeline } = found;
  const { confirmed, answered } = await searchParams;
  const open = isOpen(report.status);
  const question = report.status === 'needs_information' ? (timeline.findLast((e) => e.status === 'needs_information')?.body ?? null) : null;
  return (
    <div className="flex max-w-3xl flex-col gap-6">
      <PageHeader back={{ href: '/account/reports', label: 'Inaccuracy reports' }} title={`Report #${report.id}: ${itemLabel(report.item)}`}>
        <p className="mt-2 flex flex-wrap items-center gap-2">
          <StatusBadge status={report.status} />
          {open && <DisputedBadge />}
        </p>
      </PageHeader>
      {confirmed && report.status !== 'unverified' && (
        <Alert tone="success">Thank you. Report #{report.id} is with our staff. We emailed you the date we will answer by, and we will email you at every step.</Alert>
      )}
      {report.status === 'unverified' && (
        <>
          <DraftConfirmation reportId={report.id} method={found.canUseCode ? 'code' : 'password'} sentTo={found.canUseCode ? found.email : undefined} />
          <p className="text-slate-700">Not confirmed by {formatDateTime(found.expiresAt)}, this report is deleted.</p>
        </>
      )}
      {/* From the URL, not client state: the refresh after answering removes the form that would hold it. */}
      {answered && question === null && open && <Alert tone="success">Thank you: your answer is with the reviewer.</Alert>}
      {question !== null && <AnswerForm reportId={report.id} question={question} />}
      <Card id="details" title="Details">
        <dl className="mt-2">
          <Fact label="Raised">{formatDateTime(report.createdAt)}</Fact>
          {report.verifiedAt && <Fact label="Confirmed by you">{formatDateTime(report.verifiedAt)}</Fact>}
          {report.dueAt && open && (
            <Fact label="We answer by">
              <DueText dueAt={formatDateTime(report.dueAt)} daysText={describeDaysLeft(report.dueAt, now)} overdue={isOverdue(report.dueAt, now)} />
            </Fact>
          )}
          {report.extended && <Fact label="Deadline extended">{report.extensionReason}</Fact>}
          {report.decidedAt && <Fact label="Closed">{formatDateTime(report.decidedAt)}</Fact>}
          <Fact label="What we held">{displayValue(report.item, report.currentValue)}</Fact>
          <Fact label="What it should be">{displayValue(report.item, report.proposedValue)}</Fact>
          <Fact label="Why">{report.explanation}</Fact>
          {report.statement && <Fact label="Your statement on file">{report.statement}</Fact>}
        </dl>
      </Card>
      {report.status !== 'unverified' && <Timeline entries={timeline} audience="customer" />}
      {(open || report.status === 'unverified') && <WithdrawButton reportId={report.id} draft={report.status === 'unverified'} />}
    </div>
  );
}
