import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { analyticsDaily, analyticsDailyReferrers, analyticsEvents } from '@/db/schema';
import { bucketRange, histogramMedian, TIME_BUCKETS, timeBucket, type Beacon } from '@/lib/analytics';
import { FloodGuard } from './flood';
import { ingestBeacon, type IngestDeps } from './ingest';
import { analyticsReport } from './report';
import { rollupAnalytics } from './rollup';
import { VisitorClassifier } from './visitor';
import { ownerSql } from '@/scripts/testing/owner-db';

const deps = (): IngestDeps => ({
  flood: new FloodGuard(1_000_000),
  visitors: new VisitorClassifier({ lookup: async (ip) => ({ '198.51.100.1': ['a.example.com'], '198.51.100.2': ['b.uni.edu'] })[ip] ?? [] }),
});

type Sent = { route: Beacon['route']; timeMs: number; referrerHost: string | null; viewport: Beacon['viewport']; ip: string; at: Date };

/** Sends beacons through the ingestion path, as the route handler would. */
async function send(beacons: Sent[]) {
  const d = deps();
  for (const b of beacons) {
    const body = JSON.stringify({ v: 1, route: b.route, timeMs: b.timeMs, referrerHost: b.referrerHost, referrerType: b.referrerHost ? 'com' : 'none', viewport: b.viewport });
    const result = await ingestBeacon(getDb(), { headers: new Headers({ host: 'account.example.com' }), body, ip: b.ip }, d, b.at);
    expect(result.stored).toBe(true);
  }
}

const day1 = new Date('2030-03-10T08:00:00Z');
const day1Late = new Date('2030-03-10T23:59:59.999Z');
const day2 = new Date('2030-03-11T00:00:00Z');

/** A varied set of beacons over two UTC days. */
function sample(): Sent[] {
  const out: Sent[] = [];
  const profileTimes = [1_200, 3_500, 8_000, 8_200, 25_000]; // median 8 000
  for (const t of profileTimes) out.push({ route: '/account/profile', timeMs: t, referrerHost: 'www.example.org', viewport: 'phone', ip: '198.51.100.1', at: day1 });
  for (const t of [400, 600, 700]) out.push({ route: '/sign-in', timeMs: t, referrerHost: null, viewport: 'desktop', ip: '198.51.100.2', at: day1Late });
  for (const t of [90_000, 120_000]) out.push({ route: '/account/profile', timeMs: t, referrerHost: null, viewport: 'desktop', ip: '127.0.0.1', at: day2 });
  out.push({ route: '/account/reports/[id]', timeMs: 45 * 60_000, referrerHost: 'mail.example.de', viewport: 'tablet', ip: '203.0.113.50', at: day2 });
  return out;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

beforeEach(async () => {
  await ownerSql()`truncate analytics_events, analytics_daily, analytics_daily_referrers`; // TRUNCATE is the owner's (the app's role may not)
});

describe('rollupAnalytics', () => {
  it('aggregates match the beacons sent: views, total time, histogram, per UTC day and dimension', async () => {
    const sent = sample();
    await send(sent);
    const counted = await rollupAnalytics(getDb(), new Date('2030-03-12T00:00:00Z'));
    expect(counted).toBe(sent.length);

    const daily = await getDb().select().from(analyticsDaily).orderBy(analyticsDaily.day, analyticsDaily.route, analyticsDaily.viewport);
    expect(daily.map(({ timeHistogram: _, ...r }) => r)).toEqual([
      { day: '2030-03-10', route: '/account/profile', referrerType: 'org', visitorType: 'com', viewport: 'phone', views: 5, totalTimeMs: 45_900 },
      { day: '2030-03-10', route: '/sign-in', referrerType: 'none', visitorType: 'edu', viewport: 'desktop', views: 3, totalTimeMs: 1_700 },
      { day: '2030-03-11', route: '/account/profile', referrerType: 'none', visitorType: 'local', viewport: 'desktop', views: 2, totalTimeMs: 210_000 },
      // Capped at 30 minutes; the look-up of this address found no name.
      { day: '2030-03-11', route: '/account/reports/[id]', referrerType: 'country', visitorType: 'unknown', viewport: 'tablet', views: 1, totalTimeMs: 30 * 60_000 },
    ]);
    // Each histogram holds exactly the views of its row, in the right buckets.
    for (const row of daily) {
      expect(row.timeHistogram).toHaveLength(TIME_BUCKETS);
      const expected = new Array<number>(TIME_BUCKETS).fill(0);
      for (const b of sent.filter((s) => s.route === row.route && s.at.toISOString().slice(0, 10) === row.day && s.viewport === row.viewport)) expected[timeBucket(Math.min(b.timeMs, 30 * 60_000))]!++;
      expect(row.timeHistogram).toEqual(expected);
    }
    // The median read from the histogram lies in the bucket of the true median.
    const profileDay1 = daily[0]!;
    const m = histogramMedian(profileDay1.timeHistogram)!;
    expect(timeBucket(m)).toBe(timeBucket(median([1_200, 3_500, 8_000, 8_200, 25_000])));
    const [lo, hi] = bucketRange(timeBucket(8_000));
    expect(m).toBeGreaterThanOrEqual(lo);
    expect(m).toBeLessThan(hi);

    const referrers = await getDb().select().from(analyticsDailyReferrers).orderBy(analyticsDailyReferrers.day);
    expect(referrers).toEqual([
      { day: '2030-03-10', referrerHost: 'www.example.org', views: 5 },
      { day: '2030-03-11', referrerHost: 'mail.example.de', views: 1 },
    ]);
    // Every raw row is marked counted, and none is deleted by the roll-up.
    const raw = await getDb().select().from(analyticsEvents);
    expect(raw).toHaveLength(sent.length);
    expect(raw.every((r) => r.rolledUpAt !== null)).toBe(true);
  });

  it('counts each beacon once: running it again, or twice at the same time, adds nothing', async () => {
    await send(sample());
    const at = new Date('2030-03-12T00:00:00Z');
    const [a, b] = await Promise.all([rollupAnalytics(getDb(), at, 3), rollupAnalytics(getDb(), at, 3)]);
    expect(a + b).toBe(sample().length);
    expect(await rollupAnalytics(getDb(), at)).toBe(0);
    const [{ views }] = (await getDb().execute<{ views: number }>(sql`select sum(views)::int as views from analytics_daily`)) as unknown as [{ views: number }];
    expect(views).toBe(sample().length);
  });

  it('merges later beacons into the same day, adding histograms bucket by bucket', async () => {
    await send(sample().slice(0, 5));
    await rollupAnalytics(getDb(), day1Late);
    await send([
      { route: '/account/profile', timeMs: 8_100, referrerHost: 'www.example.org', viewport: 'phone', ip: '198.51.100.1', at: day1Late },
      { route: '/account/profile', timeMs: 300_000, referrerHost: 'www.example.org', viewport: 'phone', ip: '198.51.100.1', at: day1Late },
    ]);
    await rollupAnalytics(getDb(), day2);
    const [row] = await getDb().select().from(analyticsDaily);
    expect(row).toMatchObject({ day: '2030-03-10', views: 7, totalTimeMs: 45_900 + 8_100 + 300_000 });
    expect(row!.timeHistogram.reduce((x, y) => x + y, 0)).toBe(7);
    expect(row!.timeHistogram[timeBucket(8_100)]).toBe(3);
    expect(timeBucket(histogramMedian(row!.timeHistogram)!)).toBe(timeBucket(median([1_200, 3_500, 8_000, 8_200, 25_000, 8_100, 300_000])));
  });

  it('leaves beacons at or after `now` for the next run', async () => {
    await send(sample());
    expect(await rollupAnalytics(getDb(), day2)).toBe(8);
    expect(await rollupAnalytics(getDb(), new Date(day2.getTime() + 1))).toBe(3);
  });
});

describe('analyticsReport', () => {
  it('reads the range from the aggregates plus the beacons not rolled up yet, the same either way', async () => {
    await send(sample());
    const range = { from: '2030-03-10', to: '2030-03-11' };
    const live = await analyticsReport(getDb(), range);
    await rollupAnalytics(getDb(), new Date('2030-03-12T00:00:00Z'));
    const rolled = await analyticsReport(getDb(), range);
    expect(rolled).toEqual(live);

    expect(rolled.totalViews).toBe(11);
    expect(rolled.pages.map((p) => [p.route, p.views])).toEqual([
      ['/account/profile', 7],
      ['/sign-in', 3],
      ['/account/reports/[id]', 1],
    ]);
    const profile = rolled.pages[0]!;
    expect(timeBucket(profile.medianMs!)).toBe(timeBucket(median([1_200, 3_500, 8_000, 8_200, 25_000, 90_000, 120_000])));
    expect(profile.averageMs).toBe(Math.round((45_900 + 210_000) / 7));
    expect(rolled.referrerTypes).toEqual([
      { type: 'none', views: 5 },
      { type: 'org', views: 5 },
      { type: 'country', views: 1 },
    ]);
    expect(rolled.visitorTypes).toEqual([
      { type: 'com', views: 5 },
      { type: 'edu', views: 3 },
      { type: 'local', views: 2 },
      { type: 'unknown', views: 1 },
    ]);
    expect(rolled.viewports).toEqual([
      { viewport: 'desktop', views: 5 },
      { viewport: 'phone', views: 5 },
      { viewport: 'tablet', views: 1 },
    ]);
    expect(rolled.daily).toEqual([
      { day: '2030-03-10', views: 8 },
      { day: '2030-03-11', views: 3 },
    ]);
    expect(rolled.referrers).toEqual([
      { host: 'www.example.org', views: 5 },
      { host: 'mail.example.de', views: 1 },
    ]);
  });

  it('keeps to the range and fills days without views with zero', async () => {
    await send(sample());
    await rollupAnalytics(getDb(), new Date('2030-03-11T00:00:00Z')); // day 1 rolled up, day 2 still raw
    const one = await analyticsReport(getDb(), { from: '2030-03-11', to: '2030-03-13' });
    expect(one.totalViews).toBe(3);
    expect(one.daily).toEqual([
      { day: '2030-03-11', views: 3 },
      { day: '2030-03-12', views: 0 },
      { day: '2030-03-13', views: 0 },
    ]);
    const empty = await analyticsReport(getDb(), { from: '2030-01-01', to: '2030-01-01' });
    expect(empty).toMatchObject({ totalViews: 0, pages: [], referrerTypes: [], daily: [{ day: '2030-01-01', views: 0 }] });
  });
});
