import 'server-only';
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { addDays, daysBetween, histogramMedian, TIME_BUCKETS, type DomainType, type ReportRange, type ViewportClass } from '@/lib/analytics';
import { BOUNDS_SQL } from './rollup';

export interface PageStats {
  route: string;
  views: number;
  medianMs: number | null;
  averageMs: number | null;
}

export interface AnalyticsReport {
  range: ReportRange;
  totalViews: number;
  pages: PageStats[];
  referrerTypes: { type: DomainType; views: number }[];
  visitorTypes: { type: DomainType; views: number }[];
  viewports: { viewport: ViewportClass; views: number }[];
  /** One entry per day of the range, zero-filled. */
  daily: { day: string; views: number }[];
  /** The busiest referring sites, by host name. */
  referrers: { host: string; views: number }[];
}

/**
 * The facts of a range of UTC days: the daily aggregates plus the raw beacons
 * not rolled up yet (so today is visible before the next roll-up), as one
 * relation with the same columns. A raw row counts one view.
 */
const facts = (r: ReportRange) => sql`(
  select day, route, referrer_type, visitor_type, viewport, views, total_time_ms, time_histogram, null::int as b
  from analytics_daily where day between ${r.from}::date and ${r.to}::date
  union all
  select (occurred_at at time zone 'UTC')::date, route, referrer_type, visitor_type, viewport, 1, time_on_page_ms, null::int[],
         width_bucket(time_on_page_ms, ${BOUNDS_SQL})
  from analytics_events
  where rolled_up_at is null and occurred_at >= ${r.from}::date::timestamp at time zone 'UTC' and occurred_at < (${r.to}::date + 1)::timestamp at time zone 'UTC'
) f`;

/** Everything /admin/analytics shows, read in one consistent snapshot. */
export async function analyticsReport(db: Database, range: ReportRange): Promise<AnalyticsReport> {
  return db.transaction(
    async (tx) => {
      const f = facts(range);
      const byRoute = await tx.execute<{ route: string; views: number; total: number }>(
        sql`select route, sum(views)::int as views, sum(total_time_ms)::float8 as total from ${f} group by route order by views desc, route`,
      );
      // Histograms per route: the aggregates' arrays, and a raw row's bucket, summed bucket by bucket.
      const buckets = await tx.execute<{ route: string; i: number; n: number }>(sql`
        select route, i::int, sum(n)::int as n from (
          select route, u.i, u.n from ${facts(range)} cross join lateral unnest(time_histogram) with ordinality as u(n, i) where time_histogram is not null
          union all
          select route, b, 1 from ${facts(range)} where b is not null
        ) h group by route, i`);
      const hist = new Map<string, number[]>();
      for (const row of buckets) {
        const h = hist.get(row.route) ?? new Array<number>(TIME_BUCKETS).fill(0);
        if (row.i >= 1 && row.i <= TIME_BUCKETS) h[row.i - 1]! += Number(row.n);
        hist.set(row.route, h);
      }
      const sumBy = async <K extends string>(column: 'referrer_type' | 'visitor_type' | 'viewport') =>
        (await tx.execute<{ k: K; views: number }>(sql`select ${sql.identifier(column)}::text as k, sum(views)::int as views from ${facts(range)} group by 1 order by 2 desc, 1`)).map(
          (r) => ({ k: r.k, views: Number(r.views) }),
        );
      const referrerTypes = (await sumBy<DomainType>('referrer_type')).map(({ k, views }) => ({ type: k, views }));
      const visitorTypes = (await sumBy<DomainType>('visitor_type')).map(({ k, views }) => ({ type: k, views }));
      const viewports = (await sumBy<ViewportClass>('viewport')).map(({ k, views }) => ({ viewport: k, views }));
      const perDay = await tx.execute<{ day: string; views: number }>(sql`select day::text as day, sum(views)::int as views from ${facts(range)} group by day`);
      const dayViews = new Map(perDay.map((r) => [r.day, Number(r.views)]));
      const daily = Array.from({ length: daysBetween(range.from, range.to) + 1 }, (_, i) => {
        const day = addDays(range.from, i);
        return { day, views: dayViews.get(day) ?? 0 };
      });
      const referrers = await tx.execute<{ host: string; views: number }>(sql`
        select host, sum(views)::int as views from (
          select referrer_host as host, views from analytics_daily_referrers where day between ${range.from}::date and ${range.to}::date
          union all
          select referrer_host, 1 from analytics_events
          where rolled_up_at is null and referrer_host is not null
            and occurred_at >= ${range.from}::date::timestamp at time zone 'UTC' and occurred_at < (${range.to}::date + 1)::timestamp at time zone 'UTC'
        ) r group by host order by views desc, host limit 20`);
      const pages = byRoute.map((r) => {
        const views = Number(r.views);
        return { route: r.route, views, medianMs: histogramMedian(hist.get(r.route) ?? []), averageMs: views ? Math.round(Number(r.total) / views) : null };
      });
      return {
        range,
        totalViews: pages.reduce((n, p) => n + p.views, 0),
        pages,
        referrerTypes,
        visitorTypes,
        viewports,
        daily,
        referrers: referrers.map((r) => ({ host: r.host, views: Number(r.views) })),
      };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}
