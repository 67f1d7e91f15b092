import 'server-only';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { TIME_BUCKET_BOUNDS, TIME_BUCKETS } from '@/lib/analytics';
import { clock } from '../clock';

/** Postgres array of the bucket lower bounds: `width_bucket(ms, bounds)` is the 1-based bucket. */
export const BOUNDS_SQL = sql.raw(`array[${TIME_BUCKET_BOUNDS.join(',')}]::int[]`);
/** The histogram of the rows in a group, one count per bucket, from a column `b` holding the 1-based bucket. */
const HISTOGRAM_SQL = sql.raw(`array[${Array.from({ length: TIME_BUCKETS }, (_, i) => `count(*) filter (where b = ${i + 1})`).join(', ')}]::int[]`);

/**
 * Adds raw beacons that occurred before `now` and are not yet counted to the
 * daily aggregates (UTC days), and marks them counted, in one statement per
 * batch. Each row is counted exactly once: a row is claimed by setting
 * `rolled_up_at`, concurrent runs skip rows another run holds, and running it
 * again adds nothing. Returns how many rows it counted.
 */
export async function rollupAnalytics(db: DbOrTx, now: Date = clock.now(), batchSize = 5_000): Promise<number> {
  // Dates go in as ISO text: the postgres driver does not bind a Date in a raw statement.
  const at = sql`${now.toISOString()}::timestamptz`;
  let total = 0;
  for (;;) {
    const rows = await db.execute<{ n: number }>(sql`
      with claimed as (
        update analytics_events set rolled_up_at = ${at}
        where id in (
          select id from analytics_events
          where rolled_up_at is null and occurred_at < ${at}
          order by id limit ${batchSize}
          for update skip locked)
        returning occurred_at, route, time_on_page_ms, referrer_host, referrer_type, visitor_type, viewport
      ), bucketed as (
        select (occurred_at at time zone 'UTC')::date as day, route, referrer_type, visitor_type, viewport, time_on_page_ms,
               width_bucket(time_on_page_ms, ${BOUNDS_SQL}) as b
        from claimed
      ), daily as (
        insert into analytics_daily as d (day, route, referrer_type, visitor_type, viewport, views, total_time_ms, time_histogram)
        select day, route, referrer_type, visitor_type, viewport, count(*)::int, sum(time_on_page_ms)::bigint, ${HISTOGRAM_SQL}
        from bucketed
        group by day, route, referrer_type, visitor_type, viewport
        on conflict (day, route, referrer_type, visitor_type, viewport) do update set
          views = d.views + excluded.views,
          total_time_ms = d.total_time_ms + excluded.total_time_ms,
          time_histogram = (select array_agg(coalesce(a, 0) + coalesce(c, 0) order by i)
                            from unnest(d.time_histogram, excluded.time_histogram) with ordinality as u(a, c, i))
        returning 1
      ), referrers as (
        insert into analytics_daily_referrers as r (day, referrer_host, views)
        select (occurred_at at time zone 'UTC')::date, referrer_host, count(*)::int
        from claimed where referrer_host is not null
        group by 1, 2
        on conflict (day, referrer_host) do update set views = r.views + excluded.views
        returning 1
      )
      select (select count(*) from claimed)::int as n, (select count(*) from daily) as _d, (select count(*) from referrers) as _r`);
    const n = Number(rows[0]?.n ?? 0);
    total += n;
    if (n < batchSize) return total;
  }
}
