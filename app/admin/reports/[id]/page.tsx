import { PageHeader } from '@/components/ui/page-header';
import { notFound } from 'next/navigation';
import { DueText, StatusBadge } from '@/components/reports/badges';
import { ClaimPanel, DecisionPanel } from '@/components/reports/review-actions';
import { Timeline } from '@/components/reports/timeline';
import { Alert } from '@/components/ui/alert';
import { formatDateTime } from '@/lib/format';
import { describeDaysLeft, isOpen, isOverdue, itemLabel, REPORT_ITEMS } from '@/lib/reports';
import { requireStaff } from '@/server/auth/current';
import { getDb } from '@/server/core/db';
import { clock } from '@/server/clock';
import { actorOf } from '@/server/core/actor';
import { getReportForStaff } from '@/server/reports/staff';
import { Card } from '@/components/ui/card';

export const metadata = { title: 'Review a report' };

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-col gap-0.5 border-b border-slate-100 py-2 last:border-0 sm:flex-row sm:gap-4">
      <dt className="w-52 shrink-0 text-slate-600">{label}</dt>
      <dd className="min-w-0 flex-1 whitespace-pre-wrap break-words">{children}</dd>
    </div>
  );
}

/** The review page. Opening it is an access to the customer's data: it is logged and shown to them. */
export default async function ReviewPage({ params }: { params: Promise<{ id: string }> }) {
  const session = await requireStaff();
  const now = clock.now();
  const { id } = await params;
  const view = await getReportForStaff(getDb(), actorOf(session), id, now);
  if (!view) notFound();
  const { report } = view;
  const open = isOpen(report.status);
  const label = itemLabel(report.item);
  return (
    <div className="flex flex-col gap-6">
      <PageHeader back={{ href: '/admin/reports', label: 'Inaccuracy reports' }} title={`Report #${report.id}: ${label}`}>
        <p className="mt-2 flex flex-wrap items-center gap-3">
          <StatusBadge status={report.status} />
          {open && report.dueAt && (
            <span>
              Due <DueText dueAt={formatDateTime(report.dueAt)} daysText={describeDaysLeft(report.dueAt, now)} overdue={isOverdue(report.dueAt, now)} />
              {report.extended && ' · extended once'}
            </span>
          )}
        </p>
        <p className="mt-1 text-sm text-slate-700">Your view of this report is recorded in the customer’s access log (your role, the time, this report number).</p>
      </PageHeader>
      {/* On phones the reviewer panel comes right after the values, before the (long) timeline. */}
      <div className="grid gap-6 lg:grid-cols-[1fr_22rem] lg:grid-rows-[auto_1fr] lg:items-start">
        <div className="flex min-w-0 flex-col gap-6 lg:col-start-1 lg:row-start-1">
          <Card id="values" title="What the customer reported">
            {open && view.now.changed && (
              <div className="mt-3">
                <Alert tone="error">
                  The stored value changed since the customer reported it: it is now “{view.now.display}”. Approving will refresh the report to the current value for another look
                  first.
                </Alert>
              </div>
            )}
            <dl className="mt-2">
              <Fact label="Customer">{view.customer.username}</Fact>
              <Fact label="Item">{label}</Fact>
              <Fact label="Value when reported">{view.display.current}</Fact>
              <Fact label="Proposed correct value">
                <span className="font-semibold">{view.display.proposed}</span>
              </Fact>
              <Fact label="Explanation">{report.explanation}</Fact>
              <Fact label="Statement to keep on file">{report.statement ?? 'None'}</Fact>
              <Fact label="Raised / confirmed">
                {formatDateTime(report.createdAt)} / {report.verifiedAt ? formatDateTime(report.verifiedAt) : 'not confirmed'}
              </Fact>
              {report.extended && <Fact label="Extension reason">{report.extensionReason}</Fact>}
            </dl>
          </Card>
        </div>
        <div className="flex min-w-0 flex-col gap-6 lg:col-start-2 lg:row-span-2 lg:row-start-1">
          <ClaimPanel
            reportId={report.id}
            open={open}
            holder={view.claimer}
            claimedAt={report.claimedAt?.toISOString() ?? null}
            viewer={view.viewer}
            reviewers={view.reviewers}
          />
          {open && view.viewer.holdsClaim && (
            <DecisionPanel
              reportId={report.id}
              itemLabel={label}
              proposed={view.display.proposed}
              kind={REPORT_ITEMS[report.item]?.kind ?? 'record'}
              extended={report.extended}
              dueAt={report.dueAt!.toISOString()}
            />
          )}
        </div>
        <div className="min-w-0 lg:col-start-1 lg:row-start-2">
          <Timeline entries={view.timeline} audience="staff" />
        </div>
      </div>
    </div>
  );
}
