import type { ReactNode } from 'react';
import { DOMAIN_TYPE_LABELS, formatDuration, type DomainType, type ViewportClass } from '@/lib/analytics';
import { CategoryBars, DailyViews } from './charts';

/** The report as the page receives it (server/analytics/report.ts AnalyticsReport). */
export interface ReportData {
  range: { from: string; to: string };
  totalViews: number;
  pages: { route: string; views: number; medianMs: number | null; averageMs: number | null }[];
  referrerTypes: { type: DomainType; views: number }[];
  visitorTypes: { type: DomainType; views: number }[];
  viewports: { viewport: ViewportClass; views: number }[];
  daily: { day: string; views: number }[];
  referrers: { host: string; views: number }[];
}

const n = (v: number) => v.toLocaleString('en-GB');

/** A route pattern that may wrap after each slash on a narrow screen, never inside a word. */
const route = (r: string) => r.split('/').flatMap((part, i) => (i === 0 ? [part] : [<wbr key={i} />, `/${part}`]));
const share = (v: number, total: number) => (total ? `${Math.round((v / total) * 100)}%` : '–');

function Section({ id, title, description, children }: { id: string; title: string; description?: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="min-w-0 rounded-lg border border-slate-200 bg-white p-4">
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      {description && <p className="mt-1 text-sm text-slate-700">{description}</p>}
      <div className="mt-3 flex flex-col gap-4">{children}</div>
    </section>
  );
}

/** A table that scrolls sideways on a narrow screen, and can be reached by keyboard to do so. */
function Table({ caption, head, rows }: { caption: string; head: string[]; rows: ReactNode[][] }) {
  return (
    <div className="overflow-x-auto" tabIndex={0} role="region" aria-label={caption}>
      <table className="w-full border-collapse text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className="border-b border-slate-300">
            {head.map((h, i) => (
              <th key={h} scope="col" className={`px-2 py-2 font-semibold ${i > 0 ? 'text-right' : ''}`}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((cells, r) => (
            <tr key={r} className="border-b border-slate-100">
              {cells.map((c, i) =>
                i === 0 ? (
                  <th key={i} scope="row" className="px-2 py-1.5 font-normal [overflow-wrap:anywhere]">
                    {c}
                  </th>
                ) : (
                  <td key={i} className="px-2 py-1.5 text-right tabular-nums">
                    {c}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ReportView({ report }: { report: ReportData }) {
  const { totalViews, pages } = report;
  if (totalViews === 0) {
    return (
      <p className="rounded-lg border border-slate-200 bg-white p-4 text-slate-700">
        No page views were recorded from {report.range.from} to {report.range.to}.
      </p>
    );
  }
  const typeRows = (rows: { type: DomainType; views: number }[]) => rows.map((r) => [DOMAIN_TYPE_LABELS[r.type], n(r.views), share(r.views, totalViews)]);
  const withMedian = pages.filter((p) => p.medianMs !== null);
  return (
    <div className="grid items-start gap-4 lg:grid-cols-2">
      <Section id="views-per-day" title="Views per day" description={`${n(totalViews)} page views from ${report.range.from} to ${report.range.to} (UTC days).`}>
        <DailyViews data={report.daily} label={`Area chart of page views per day from ${report.range.from} to ${report.range.to}. The table below lists the same numbers.`} />
        <details>
          <summary className="cursor-pointer text-brand-700 underline underline-offset-2">Views per day as a table</summary>
          <Table caption="Page views per day" head={['Day', 'Views']} rows={report.daily.map((d) => [d.day, n(d.views)])} />
        </details>
      </Section>

      <Section id="pages" title="Views per page">
        <CategoryBars data={pages.map((p) => ({ name: p.route, value: p.views }))} label="Bar chart of page views per page. The table below lists the same numbers." valueLabel="Views" />
        <Table
          caption="Views and time on page per page"
          head={['Page', 'Views', 'Median time', 'Average time']}
          rows={pages.map((p) => [route(p.route), n(p.views), formatDuration(p.medianMs), formatDuration(p.averageMs)])}
        />
      </Section>

      <Section id="median-time" title="Median time on page" description="Half of the views of each page lasted less than this (time the page was visible, capped at 30 minutes).">
        <CategoryBars
          data={withMedian.map((p) => ({ name: p.route, value: p.medianMs! }))}
          label="Bar chart of the median time on page per page. The table under Views per page lists the same numbers."
          valueLabel="Median time"
          kind="duration"
          color="secondary"
        />
      </Section>

      <Section id="referrer-types" title="Referrer domain types" description="Where visitors came from, by the kind of domain of the referring site.">
        <CategoryBars
          data={report.referrerTypes.map((r) => ({ name: DOMAIN_TYPE_LABELS[r.type], value: r.views }))}
          label="Bar chart of page views by referrer domain type. The table below lists the same numbers."
          valueLabel="Views"
        />
        <Table caption="Page views by referrer domain type" head={['Referrer type', 'Views', 'Share']} rows={typeRows(report.referrerTypes)} />
        {report.referrers.length > 0 && (
          <Table caption="Top referring sites" head={['Referring site', 'Views']} rows={report.referrers.map((r) => [r.host, n(r.views)])} />
        )}
      </Section>

      <Section id="visitor-types" title="Visitor domain types" description="The kind of domain of the visitor's network, from a reverse DNS look-up; the address itself is never stored.">
        <CategoryBars
          data={report.visitorTypes.map((r) => ({ name: DOMAIN_TYPE_LABELS[r.type], value: r.views }))}
          label="Bar chart of page views by visitor domain type. The table below lists the same numbers."
          valueLabel="Views"
          color="secondary"
        />
        <Table caption="Page views by visitor domain type" head={['Visitor type', 'Views', 'Share']} rows={typeRows(report.visitorTypes)} />
      </Section>

      <Section id="viewports" title="Screen sizes">
        <Table
          caption="Page views by screen size"
          head={['Screen', 'Views', 'Share']}
          rows={report.viewports.map((v) => [v.viewport === 'phone' ? 'Phone (under 640 px)' : v.viewport === 'tablet' ? 'Tablet (640–1023 px)' : 'Desktop (1024 px and wider)', n(v.views), share(v.views, totalViews)])}
        />
      </Section>
    </div>
  );
}
