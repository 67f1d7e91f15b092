import type { ReportRange } from './analytics-schemas';

/**
 * Anonymous visitor analytics, shared by the beacon (browser) and the server.
 * Nothing here identifies a person: a page is recorded by its route pattern,
 * never by its real path, and a referrer by its host only.
 */

/**
 * Every page that may be counted, as a route pattern. A dynamic segment is
 * written `[name]` and matches any one path segment, so an id in the URL is
 * never sent: only the pattern is. Pages not listed here (dev tools, 404s) are
 * not counted. Patterns for pages still to be built are listed so that
 * they are counted as soon as they exist.
 */
export const ROUTE_PATTERNS = [
  '/',
  '/sign-in',
  '/sign-up',
  '/forgot-password',
  '/forgot-pin',
  '/reset-password',
  '/reset-pin',
  '/recover-by-mobile',
  '/reset-two-step',
  '/sign-in/second-step',
  '/verify-email',
  '/privacy',
  '/unsubscribe',
  '/confirm-subscription',
  '/cancel-deletion',
  '/deletion-requested',
  '/deletion-scheduled',
  '/account',
  '/account/profile',
  '/account/security',
  '/account/communications',
  '/account/reports',
  '/account/reports/new',
  '/account/reports/[id]',
  '/account/privacy',
  '/account/privacy/delete',
  '/account/purchases',
  '/account/messages',
  '/account/messages/[id]',
  '/contact',
  '/contact/confirm',
  '/contact/reply',
  '/admin',
  '/admin/two-step',
  '/admin/analytics',
  '/admin/reports',
  '/admin/reports/[id]',
  '/admin/messages',
  '/admin/messages/[id]',
  '/admin/users',
  '/admin/users/[id]',
  '/admin/staff',
  '/admin/policy',
  '/admin/campaigns',
  '/admin/communications',
  '/admin/campaigns/[id]',
  '/admin/audit',
] as const;
export type RoutePattern = (typeof ROUTE_PATTERNS)[number];

const compiled = ROUTE_PATTERNS.map((pattern) => ({ pattern, segments: pattern.split('/').filter(Boolean) }));

/**
 * The route pattern of a pathname, or null when the page is not one we count.
 * Static patterns win over dynamic ones (`/account/reports` is never `[id]`).
 */
export function routePatternFor(pathname: string): RoutePattern | null {
  if (typeof pathname !== 'string' || pathname.length > 512 || !pathname.startsWith('/')) return null;
  const raw = pathname.split(/[?#]/)[0]!;
  if (raw.includes('//')) return null;
  const path = raw.replace(/(.)\/$/, '$1');
  const segments = path.split('/').filter(Boolean);
  let dynamicMatch: RoutePattern | null = null;
  for (const { pattern, segments: parts } of compiled) {
    if (parts.length !== segments.length) continue;
    let exact = true;
    let matches = true;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      if (part.startsWith('[')) {
        exact = false;
        // One non-empty segment without dots or encoded slashes: an id, never a file or a traversal.
        if (!/^[\w-]{1,100}$/.test(segments[i]!)) matches = false;
      } else if (part !== segments[i]) matches = false;
      if (!matches) break;
    }
    if (!matches) continue;
    if (exact) return pattern;
    dynamicMatch ??= pattern;
  }
  return dynamicMatch;
}

/** What kind of domain a host name belongs to. */
export const DOMAIN_TYPES = ['com', 'org', 'net', 'edu', 'gov', 'country', 'other', 'local', 'internal', 'unknown', 'none'] as const;
export type DomainType = (typeof DOMAIN_TYPES)[number];

export const DOMAIN_TYPE_LABELS: Record<DomainType, string> = {
  com: '.com',
  org: '.org',
  net: '.net',
  edu: '.edu',
  gov: '.gov',
  country: 'country code (.uk, .de, …)',
  other: 'other',
  local: 'local network',
  internal: 'our own pages',
  unknown: 'unknown',
  none: 'none (typed or bookmarked)',
};

const GENERIC = new Set(['com', 'org', 'net', 'edu', 'gov']);
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?$/;

/** A host name in canonical form (lower case, no port or trailing dot), or null if it is not one (IP addresses are not). */
export function normalizeHost(host: string | null | undefined): string | null {
  if (typeof host !== 'string') return null;
  const h = host.trim().toLowerCase().replace(/\.$/, '');
  // An address is not a host name: it is never kept, even as a referrer.
  return h.length > 0 && HOSTNAME.test(h) && !/^[\d.]+$/.test(h) ? h : null;
}

const isIpLiteral = (h: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(h) || h.includes(':') || (h.startsWith('[') && h.endsWith(']'));

/**
 * The domain type of a host name, by its top-level domain: .com, .org, .net,
 * .edu and .gov by name, any two-letter top-level domain as a country code,
 * `localhost` and `.local`/`.internal`/`.lan` names as local, anything else
 * (.io, .app, an IP address) as other. No host at all is `none`.
 */
export function domainType(host: string | null | undefined): DomainType {
  if (host === null || host === undefined || host.trim() === '') return 'none';
  const raw = host.trim().toLowerCase().replace(/\.$/, '');
  if (isIpLiteral(raw)) return 'other';
  const h = normalizeHost(raw);
  if (!h) return 'other';
  const labels = h.split('.');
  const tld = labels[labels.length - 1]!;
  if (h === 'localhost' || ['localhost', 'local', 'internal', 'lan', 'home', 'test'].includes(tld)) return 'local';
  if (labels.length < 2) return 'other';
  if (GENERIC.has(tld)) return tld as DomainType;
  if (/^[a-z]{2}$/.test(tld)) return 'country';
  return 'other';
}

/**
 * The referrer as the beacon reports it: the referring host (never its path)
 * and its domain type, `internal` when it is one of our own pages, `none`
 * when there is no referrer.
 */
export function referrerInfo(referrer: string | null | undefined, ownHost: string | null | undefined): { host: string | null; type: DomainType } {
  if (!referrer) return { host: null, type: 'none' };
  let hostname: string;
  try {
    hostname = new URL(referrer).hostname;
  } catch {
    return { host: null, type: 'none' };
  }
  const host = normalizeHost(hostname.replace(/^\[|\]$/g, ''));
  if (ownHost && host && host === normalizeHost(ownHost.split(':')[0])) return { host: null, type: 'internal' };
  return { host, type: host ? domainType(host) : 'other' };
}

export const VIEWPORT_CLASSES = ['phone', 'tablet', 'desktop'] as const;
export type ViewportClass = (typeof VIEWPORT_CLASSES)[number];

/** Phone below 640 CSS pixels wide, tablet below 1024, desktop from there. */
export function viewportClass(width: number): ViewportClass {
  if (!Number.isFinite(width) || width < 640) return 'phone';
  return width < 1024 ? 'tablet' : 'desktop';
}

/** Time on page is capped: a tab left open overnight is not a 12-hour read. */
export const MAX_TIME_ON_PAGE_MS = 30 * 60_000;
/** Shorter views are not sent (a page replaced before anyone could see it). */
export const MIN_TIME_ON_PAGE_MS = 100;
export const BEACON_MAX_BYTES = 2048;
export const BEACON_PATH = '/api/analytics';

export type { Beacon, ReportRange } from './analytics-schemas';

/**
 * Lower bounds (ms) of the time-on-page histogram buckets kept per page per
 * day: about 1.5× apart, so a median read from the histogram is within its
 * bucket. The last bucket runs to the cap (30 min).
 */
export const TIME_BUCKET_BOUNDS = [
  0, 250, 500, 750, 1_000, 1_500, 2_000, 3_000, 4_000, 5_000, 7_500, 10_000, 15_000, 20_000, 30_000, 45_000, 60_000, 90_000, 120_000, 180_000, 240_000, 300_000,
  450_000, 600_000, 900_000, 1_200_000,
] as const;
export const TIME_BUCKETS = TIME_BUCKET_BOUNDS.length;

/** The bucket (0-based) a time falls in. */
export function timeBucket(ms: number): number {
  let i = 0;
  while (i + 1 < TIME_BUCKETS && ms >= TIME_BUCKET_BOUNDS[i + 1]!) i++;
  return i;
}

/** The [lower, upper) range of a bucket in ms. */
export function bucketRange(i: number): [number, number] {
  return [TIME_BUCKET_BOUNDS[i]!, i + 1 < TIME_BUCKETS ? TIME_BUCKET_BOUNDS[i + 1]! : MAX_TIME_ON_PAGE_MS + 1];
}

/**
 * The median of the times counted in a histogram, interpolated linearly inside
 * the bucket that holds the middle view; null when there are none. Exact to
 * within that bucket.
 */
export function histogramMedian(histogram: readonly number[]): number | null {
  const total = histogram.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const half = total / 2;
  let below = 0;
  for (let i = 0; i < histogram.length; i++) {
    const n = histogram[i]!;
    if (n > 0 && below + n >= half) {
      const [lo, hi] = bucketRange(i);
      return Math.round(lo + ((half - below) / n) * (hi - lo));
    }
    below += n;
  }
  return null;
}

export const MAX_REPORT_DAYS = 366;


export const utcDay = (d: Date) => d.toISOString().slice(0, 10);
export function daysBetween(from: string, to: string) {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
export function addDays(day: string, n: number) {
  return utcDay(new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000));
}

/** The default report: the last 30 days, today included. */
export function defaultReportRange(now: Date): ReportRange {
  const to = utcDay(now);
  return { from: addDays(to, -29), to };
}

/** "1 min 05 s", "8.2 s", "450 ms": a time on page for people. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}
