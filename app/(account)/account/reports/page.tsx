import { Link } from '@/components/ui/link';
import { DisputedBadge, StatusBadge } from '@/components/reports/badges';
import { Alert } from '@/components/ui/alert';
import { formatDateTime } from '@/lib/format';
import { describeDaysLeft, isOpen, isOverdue, itemLabel } from '@/lib/reports';
import { requireUser } from '@/server/auth/current';
import { clock } from '@/server/clock';
import { listMyReports } from '@/server/reports/customer';
import { Card } from '@/components/ui/card';

export const metadata = { title: 'Inaccuracy reports' };

export default async function ReportsPage({ searchParams }: { searchParams: Promise<{ withdrawn?: string }> }) {
  const { user } = await requireUser();
  const now = clock.now();
  const reports = await listMyReports(user.id, now);
  const { withdrawn } = await searchParams;
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Inaccuracy reports</h1>
          <p className="mt-1 max-w-prose text-slate-700">
            Tell us when something we hold about you is wrong. A member of staff reviews every report within 30 days, and you can follow each step here.
          </p>
        </div>
        <Link href="/account/reports/new" className="inline-flex min-h-11 items-center rounded-md bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800">
          Report a mistake
        </Link>
      </div>
      {withdrawn && <Alert tone="success">The report was cancelled.</Alert>}
      <Card id="your-reports" title="Your reports">
        {reports.length === 0 ? (
          <p className="mt-2 text-slate-700">You have not reported anything. If something in Your information is wrong, choose “Report a mistake” beside it.</p>
        ) : (
          <ul className="mt-2 divide-y divide-slate-100">
            {reports.map((r) => (
              <li key={r.id} className="flex flex-col gap-1 py-3 sm:flex-row sm:items-center sm:justify-between sm:gap-4">
                <div className="min-w-0">
                  <Link href={`/account/reports/${r.id}`} className="font-medium text-brand-700 underline underline-offset-2">
                    Report #{r.id}: {itemLabel(r.item)}
                  </Link>
                  <p className="text-sm text-slate-700">Raised {formatDateTime(r.createdAt)}</p>
                </div>
                <div className="flex flex-wrap items-center gap-2 text-sm">
                  <StatusBadge status={r.status} />
                  {isOpen(r.status) && <DisputedBadge />}
                  {r.dueAt && isOpen(r.status) && (
                    <span className={isOverdue(r.dueAt, now) ? 'font-semibold text-red-800' : 'text-slate-700'}>
                      Due {formatDateTime(r.dueAt)} · {describeDaysLeft(r.dueAt, now)}
                    </span>
                  )}
                  {r.status === 'unverified' && <span className="text-amber-900">Confirm it within 24 hours</span>}
                </div>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
