import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  bucketRange,
  domainType,
  formatDuration,
  histogramMedian,
  MAX_TIME_ON_PAGE_MS,
  referrerInfo,
  ROUTE_PATTERNS,
  routePatternFor,
  TIME_BUCKET_BOUNDS,
  TIME_BUCKETS,
  timeBucket,
  viewportClass,
} from './analytics';
import { beaconSchema, reportRangeSchema } from './analytics-schemas';

describe('domainType', () => {
  it('names the generic top-level domains', () => {
    expect(domainType('www.example.com')).toBe('com');
    expect(domainType('example.org')).toBe('org');
    expect(domainType('cdn.example.net')).toBe('net');
    expect(domainType('cs.stanford.edu')).toBe('edu');
    expect(domainType('www.usa.gov')).toBe('gov');
    expect(domainType('WWW.Example.COM.')).toBe('com');
  });

  it('counts any two-letter top-level domain as a country code', () => {
    for (const host of ['bbc.co.uk', 'www.gov.uk', 'spiegel.de', 'example.fr', 'host-1.isp.jp', 'example.io']) expect(domainType(host)).toBe('country');
  });

  it('puts everything else under other, local or none', () => {
    for (const host of ['example.info', 'example.app', 'xn--bcher-kva.example', '203.0.113.9', '[2001:db8::1]', '2001:db8::1', 'bad host!', 'com']) expect(domainType(host)).toBe('other');
    for (const host of ['localhost', 'printer.local', 'db.internal', 'nas.lan', 'app.localhost']) expect(domainType(host)).toBe('local');
    for (const host of [null, undefined, '', '  ']) expect(domainType(host)).toBe('none');
  });
});

describe('referrerInfo', () => {
  it('keeps the host only, never the path or query', () => {
    expect(referrerInfo('https://news.example.org/story/123?utm=x#top', 'account.example.com')).toEqual({ host: 'news.example.org', type: 'org' });
    expect(referrerInfo('https://www.google.co.uk/', 'account.example.com')).toEqual({ host: 'www.google.co.uk', type: 'country' });
  });

  it('marks our own pages internal and no referrer none', () => {
    expect(referrerInfo('http://localhost:3100/account', 'localhost:3100')).toEqual({ host: null, type: 'internal' });
    expect(referrerInfo('', 'localhost:3100')).toEqual({ host: null, type: 'none' });
    expect(referrerInfo('not a url', 'x.com')).toEqual({ host: null, type: 'none' });
  });

  it('never keeps an IP address as a host', () => {
    expect(referrerInfo('http://203.0.113.9/page', 'x.com')).toEqual({ host: null, type: 'other' });
    expect(referrerInfo('http://[2001:db8::1]/page', 'x.com')).toEqual({ host: null, type: 'other' });
  });
});

describe('routePatternFor', () => {
  it('maps known pages to their pattern, ignoring query, hash and a trailing slash', () => {
    expect(routePatternFor('/')).toBe('/');
    expect(routePatternFor('/account/profile')).toBe('/account/profile');
    expect(routePatternFor('/account/profile/')).toBe('/account/profile');
    expect(routePatternFor('/reset-password?token=abc123')).toBe('/reset-password');
    expect(routePatternFor('/sign-in#top')).toBe('/sign-in');
  });

  it('replaces ids with the pattern: an id never passes', () => {
    const id = '3f1c2b9e-8d7a-4c6b-9e5f-0a1b2c3d4e5f';
    expect(routePatternFor(`/account/reports/${id}`)).toBe('/account/reports/[id]');
    expect(routePatternFor('/admin/users/12345')).toBe('/admin/users/[id]');
    // The static page wins over the dynamic pattern.
    expect(routePatternFor('/account/reports')).toBe('/account/reports');
    expect(routePatternFor('/account/reports/new')).toBe('/account/reports/new');
    expect(routePatternFor('/account/messages/42')).toBe('/account/messages/[id]');
    expect(routePatternFor('/admin/messages/42?x=1')).toBe('/admin/messages/[id]');
    // The links behind emails carry a token in the query: only the pattern passes.
    expect(routePatternFor('/contact/reply?c=12&token=secret')).toBe('/contact/reply');
    expect(routePatternFor('/contact/confirm?c=12&token=secret')).toBe('/contact/confirm');
    for (const path of ['/account/reports/1', '/admin/users/alice', `/admin/reports/${id}?tab=notes`]) {
      const pattern = routePatternFor(path)!;
      expect(pattern).not.toMatch(/\d|alice/);
      expect(ROUTE_PATTERNS).toContain(pattern);
    }
  });

  it('refuses unknown pages, extra segments and odd input', () => {
    for (const path of ['/nope', '/account/profile/extra', '/dev/mail', `/account/${'x'.repeat(40)}`, '/account/reports/a.b', '/account/reports/..', 'account', '', '//']) {
      expect(routePatternFor(path)).toBeNull();
    }
    expect(routePatternFor(`/${'a/'.repeat(300)}`)).toBeNull();
    expect(routePatternFor(42 as unknown as string)).toBeNull();
  });

  it('knows every page the app has (pages added without a pattern would go uncounted)', () => {
    const appDir = path.resolve(import.meta.dirname, '..', 'app');
    const pages: string[] = [];
    const walk = (dir: string, route: string[]) => {
      for (const entry of readdirSync(dir)) {
        const full = path.join(dir, entry);
        if (statSync(full).isDirectory()) {
          if (entry === 'api' || entry.startsWith('_')) continue;
          // Route groups (auth) do not appear in the URL.
          walk(full, /^\(.*\)$/.test(entry) ? route : [...route, entry]);
        } else if (entry === 'page.tsx') pages.push(`/${route.join('/')}`);
      }
    };
    walk(appDir, []);
    const counted = pages.filter((p) => !p.startsWith('/dev'));
    expect(counted.length).toBeGreaterThan(10);
    for (const page of counted) expect(ROUTE_PATTERNS, `${page} needs a pattern in ROUTE_PATTERNS`).toContain(page);
  });
});

describe('viewportClass', () => {
  it('classes by CSS width', () => {
    expect(viewportClass(360)).toBe('phone');
    expect(viewportClass(412)).toBe('phone');
    expect(viewportClass(639)).toBe('phone');
    expect(viewportClass(640)).toBe('tablet');
    expect(viewportClass(1023)).toBe('tablet');
    expect(viewportClass(1024)).toBe('desktop');
    expect(viewportClass(Number.NaN)).toBe('phone');
  });
});

describe('beaconSchema', () => {
  const good = { v: 1, route: '/account', timeMs: 5000, referrerHost: 'example.org', referrerType: 'org', viewport: 'phone' };
  it('accepts a beacon and caps its time', () => {
    expect(beaconSchema.parse(good).timeMs).toBe(5000);
    expect(beaconSchema.parse({ ...good, timeMs: 3 * 3_600_000 }).timeMs).toBe(MAX_TIME_ON_PAGE_MS);
  });
  it('refuses unknown routes, real paths, extra fields and junk numbers', () => {
    for (const bad of [
      { ...good, route: '/account/reports/123' },
      { ...good, route: '/nope' },
      { ...good, extra: 'x' },
      { ...good, timeMs: -1 },
      { ...good, timeMs: 1.5 },
      { ...good, timeMs: 1e300 },
      { ...good, timeMs: '5000' },
      { ...good, v: 2 },
      { ...good, viewport: 'watch' },
      { ...good, referrerType: 'mil' },
      { ...good, referrerHost: 'x'.repeat(300) },
    ])
      expect(beaconSchema.safeParse(bad).success).toBe(false);
  });
});

describe('time histogram', () => {
  it('buckets times by their lower bounds', () => {
    expect(TIME_BUCKET_BOUNDS[0]).toBe(0);
    expect(timeBucket(0)).toBe(0);
    expect(timeBucket(249)).toBe(0);
    expect(timeBucket(250)).toBe(1);
    expect(timeBucket(8_000)).toBe(TIME_BUCKET_BOUNDS.indexOf(7_500));
    expect(timeBucket(MAX_TIME_ON_PAGE_MS)).toBe(TIME_BUCKETS - 1);
    for (let i = 0; i < TIME_BUCKETS; i++) {
      const [lo, hi] = bucketRange(i);
      expect(timeBucket(lo)).toBe(i);
      expect(timeBucket(hi - 1)).toBe(i);
    }
  });

  it('reads the median inside the bucket holding the middle view', () => {
    const hist = (times: number[]) => {
      const h = new Array<number>(TIME_BUCKETS).fill(0);
      for (const t of times) h[timeBucket(t)]!++;
      return h;
    };
    expect(histogramMedian(hist([]))).toBeNull();
    for (const times of [[8_000], [1_200, 3_500, 8_000, 8_200, 25_000], [100, 200, 300, 60_000], [600_000, 900_000, 1_000_000, 1_800_000], Array.from({ length: 101 }, (_, i) => i * 997)]) {
      const sorted = [...times].sort((a, b) => a - b);
      const trueMedian = sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
      const median = histogramMedian(hist(times))!;
      // Exact to within a bucket: the bucket holding the true median, or for an even count, one between the two middle ones.
      const lo = timeBucket(sorted[Math.ceil(sorted.length / 2) - 1]!);
      const hi = timeBucket(sorted[Math.floor(sorted.length / 2)]!);
      expect(timeBucket(median)).toBeGreaterThanOrEqual(lo);
      expect(timeBucket(median)).toBeLessThanOrEqual(hi);
      if (lo === hi) expect(timeBucket(trueMedian)).toBe(timeBucket(median));
    }
  });
});

describe('reportRangeSchema', () => {
  it('accepts a range of real dates, both ends included', () => {
    expect(reportRangeSchema.parse({ from: '2030-01-01', to: '2030-01-31' })).toEqual({ from: '2030-01-01', to: '2030-01-31' });
    expect(reportRangeSchema.safeParse({ from: '2030-01-01', to: '2030-01-01' }).success).toBe(true);
  });
  it('refuses bad dates and backwards or too long ranges, naming the field', () => {
    const issues = (from: string, to: string) => reportRangeSchema.safeParse({ from, to }).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues('2030-02-30', '2030-03-01')).toEqual(['from: Enter a real date']);
    expect(issues('yesterday', '2030-03-01')).toEqual(['from: Enter a date as YYYY-MM-DD']);
    expect(issues('2030-03-02', '2030-03-01')).toEqual(['to: The end date must be on or after the start date']);
    expect(issues('2028-01-01', '2030-03-01')).toEqual(['to: Choose at most 366 days']);
  });
});

describe('formatDuration', () => {
  it('reads like people write it', () => {
    expect(formatDuration(null)).toBe('–');
    expect(formatDuration(450)).toBe('450 ms');
    expect(formatDuration(8_240)).toBe('8.2 s');
    expect(formatDuration(65_000)).toBe('1 min 05 s');
    expect(formatDuration(119_700)).toBe('2 min 00 s');
  });
});
