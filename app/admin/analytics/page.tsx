import { z } from 'zod';
import { RangeForm } from '@/components/analytics/range-form';
import { ReportView } from '@/components/analytics/report-view';
import { Alert } from '@/components/ui/alert';
import { getDb } from '@/server/core/db';
import { addDays, defaultReportRange, utcDay } from '@/lib/analytics';
import { reportRangeSchema } from '@/lib/analytics-schemas';
import { analyticsReport } from '@/server/analytics/report';
import { requireStaff } from '@/server/auth/current';
import { clock } from '@/server/clock';

export const metadata = { title: 'Analytics' };

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** Anonymous visitor analytics: aggregates only, staff only (the layout and this page both check). */
export default async function AnalyticsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireStaff();
  const params = await searchParams;
  const now = clock.now();
  const defaults = defaultReportRange(now);
  const input = { from: first(params.from) ?? defaults.from, to: first(params.to) ?? defaults.to };
  const parsed = reportRangeSchema.safeParse(input);
  const errors = parsed.success ? {} : z.flattenError(parsed.error).fieldErrors;
  const report = parsed.success ? await analyticsReport(getDb(), parsed.data) : null;
  const today = utcDay(now);
  const presets = [7, 30, 90, 365].map((days) => ({ label: `Last ${days} days`, href: `/admin/analytics?from=${addDays(today, 1 - days)}&to=${today}` }));

  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-2xl font-semibold">Visitor analytics</h1>
        <p className="mt-1 max-w-prose text-slate-700">
          Anonymous and aggregated: pages by route, never by address; no IP address, account or cookie is recorded, and visitors with Do Not Track or Global Privacy
          Control are not counted.
        </p>
      </div>
      <RangeForm from={input.from} to={input.to} errors={{ from: errors.from?.[0], to: errors.to?.[0] }} presets={presets} />
      {report ? <ReportView report={report} /> : <Alert tone="error">Correct the date range to see the report.</Alert>}
    </div>
  );
}
