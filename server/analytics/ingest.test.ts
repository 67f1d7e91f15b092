import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { analyticsEvents } from '@/db/schema';
import { BEACON_MAX_BYTES, MAX_TIME_ON_PAGE_MS, type Beacon } from '@/lib/analytics';
import { FloodGuard } from './flood';
import { ingestBeacon, type IngestDeps } from './ingest';
import { rollupAnalytics } from './rollup';
import { isLocalAddress, VisitorClassifier, type ReverseLookup } from './visitor';
import { ownerSql } from '@/scripts/testing/owner-db';

const t0 = new Date('2030-06-01T12:00:00Z');
const PUBLIC_IP = '203.0.113.77';

/** A stand-in DNS: answers from a table, counting the questions. */
function fakeDns(table: Record<string, string[]>) {
  const asked: string[] = [];
  const lookup: ReverseLookup = async (ip) => {
    asked.push(ip);
    const names = table[ip];
    if (!names) throw Object.assign(new Error('queryPtr ENOTFOUND'), { code: 'ENOTFOUND' });
    return names;
  };
  return { lookup, asked };
}

function deps(opts: { perMinute?: number; dns?: Record<string, string[]> } = {}): IngestDeps {
  return { flood: new FloodGuard(opts.perMinute ?? 300), visitors: new VisitorClassifier({ lookup: fakeDns(opts.dns ?? { [PUBLIC_IP]: ['host-77.example.edu'] }).lookup }) };
}

const beacon = (over: Partial<Beacon> = {}): Beacon => ({ v: 1, route: '/account/profile', timeMs: 8_000, referrerHost: 'news.example.org', referrerType: 'org', viewport: 'phone', ...over });

function request(body: unknown, headers: Record<string, string> = {}, ip: string | null = PUBLIC_IP) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return { headers: new Headers({ 'content-type': 'text/plain;charset=UTF-8', host: 'account.example.com', ...headers }), body: text, ip };
}

/** The body as a stream, as the route handler passes it. */
const streamOf = (text: string, chunk = 512) =>
  new ReadableStream<Uint8Array>({
    start(c) {
      const bytes = new TextEncoder().encode(text);
      for (let i = 0; i < bytes.length; i += chunk) c.enqueue(bytes.slice(i, i + chunk));
      c.close();
    },
  });

const rows = () => getDb().select().from(analyticsEvents).orderBy(analyticsEvents.id);

beforeEach(async () => {
  await ownerSql()`truncate analytics_events, analytics_daily, analytics_daily_referrers`; // TRUNCATE is the owner's (the app's role may not)
});

describe('ingestBeacon', () => {
  it('stores a valid beacon: route pattern, capped time, referrer host and type, viewport, visitor type, time', async () => {
    expect(await ingestBeacon(getDb(), request(beacon()), deps(), t0)).toEqual({ status: 204, stored: true });
    expect(await ingestBeacon(getDb(), request(beacon({ timeMs: 5 * 3_600_000, route: '/account/reports/[id]' })), deps(), t0)).toMatchObject({ stored: true });
    const [a, b] = await rows();
    expect(a).toMatchObject({ route: '/account/profile', timeOnPageMs: 8_000, referrerHost: 'news.example.org', referrerType: 'org', viewport: 'phone', visitorType: 'edu', occurredAt: t0, rolledUpAt: null });
    expect(b).toMatchObject({ route: '/account/reports/[id]', timeOnPageMs: MAX_TIME_ON_PAGE_MS });
  });

  it('reads the body from a stream, as the route handler passes it', async () => {
    const req = { ...request(''), body: streamOf(JSON.stringify(beacon()), 7) };
    expect(await ingestBeacon(getDb(), req, deps(), t0)).toEqual({ status: 204, stored: true });
    expect(await rows()).toHaveLength(1);
  });

  it('derives the referrer type itself: a forged type does not count', async () => {
    await ingestBeacon(getDb(), request(beacon({ referrerHost: 'www.example.com', referrerType: 'gov' })), deps(), t0);
    await ingestBeacon(getDb(), request(beacon({ referrerHost: 'account.example.com', referrerType: 'com' })), deps(), t0);
    await ingestBeacon(getDb(), request(beacon({ referrerHost: '203.0.113.5', referrerType: 'com' })), deps(), t0);
    await ingestBeacon(getDb(), request(beacon({ referrerHost: null, referrerType: 'internal' })), deps(), t0);
    expect((await rows()).map((r) => [r.referrerHost, r.referrerType])).toEqual([
      ['www.example.com', 'com'],
      [null, 'internal'],
      [null, 'other'],
      [null, 'internal'],
    ]);
  });

  it('records nothing under Do Not Track or Global Privacy Control, and still answers 204', async () => {
    for (const headers of [{ DNT: '1' }, { 'Sec-GPC': '1' }, { dnt: ' 1 ', 'sec-gpc': '0' }] as Record<string, string>[]) {
      expect(await ingestBeacon(getDb(), request(beacon(), headers), deps(), t0)).toEqual({ status: 204, stored: false, reason: 'opted_out' });
    }
    expect(await rows()).toHaveLength(0);
    // DNT: 0 and GPC: 0 are not opt-outs.
    expect(await ingestBeacon(getDb(), request(beacon(), { DNT: '0', 'Sec-GPC': '0' }), deps(), t0)).toMatchObject({ stored: true });
  });

  it('refuses malformed, huge and forged beacons without throwing', async () => {
    const id = randomUUID();
    const bad: [unknown, number][] = [
      ['', 400],
      ['not json', 400],
      ['{"v":1,', 400],
      ['null', 400],
      ['[]', 400],
      ['"a string"', 400],
      [{ ...beacon(), route: `/account/reports/${id}` }, 400],
      [{ ...beacon(), route: '/account/profile?id=7' }, 400],
      [{ ...beacon(), route: '/etc/passwd' }, 400],
      [{ ...beacon(), userId: id }, 400],
      [{ ...beacon(), timeMs: -5 }, 400],
      [{ ...beacon(), timeMs: 'NaN' }, 400],
      [{ ...beacon(), viewport: 'fridge' }, 400],
      [{ ...beacon(), referrerHost: 'x'.repeat(BEACON_MAX_BYTES) }, 413],
      ['x'.repeat(BEACON_MAX_BYTES + 1), 413],
      ['{"v":1,"pad":"' + 'é'.repeat(BEACON_MAX_BYTES) + '"}', 413],
      ['\uFFFD'.repeat(10), 400],
    ];
    for (const [body, status] of bad) {
      const result = await ingestBeacon(getDb(), request(body), deps(), t0);
      expect(result, JSON.stringify(body).slice(0, 80)).toMatchObject({ status, stored: false });
    }
    // A huge body is refused from its declared length without being read, and a stream is cut off at the limit.
    expect(await ingestBeacon(getDb(), { ...request(''), headers: new Headers({ 'content-length': String(10 * 1024 * 1024) }) }, deps(), t0)).toMatchObject({ status: 413 });
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(c) {
        pulled++;
        c.enqueue(new Uint8Array(1024).fill(32));
      },
    });
    expect(await ingestBeacon(getDb(), { ...request(''), body: endless }, deps(), t0)).toMatchObject({ status: 413, stored: false });
    expect(pulled).toBeLessThan(10);
    // Invalid UTF-8.
    const invalid = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]));
        c.close();
      },
    });
    expect(await ingestBeacon(getDb(), { ...request(''), body: invalid }, deps(), t0)).toMatchObject({ status: 413, stored: false });
    expect(await rows()).toHaveLength(0);
  });

  it('refuses beacons another site makes a browser send', async () => {
    expect(await ingestBeacon(getDb(), request(beacon(), { 'Sec-Fetch-Site': 'cross-site' }), deps(), t0)).toMatchObject({ status: 403, stored: false });
    expect(await ingestBeacon(getDb(), request(beacon(), { 'Sec-Fetch-Site': 'same-site' }), deps(), t0)).toMatchObject({ status: 403, stored: false });
    expect(await ingestBeacon(getDb(), request(beacon(), { 'Sec-Fetch-Site': 'same-origin' }), deps(), t0)).toMatchObject({ status: 204, stored: true });
  });

  it('caps a flood: 1000 beacons in a burst from one address store at most the per-minute allowance', async () => {
    const d = deps({ perMinute: 300 });
    const results = await Promise.all(Array.from({ length: 1000 }, () => ingestBeacon(getDb(), request(beacon()), d, t0)));
    expect(results.filter((r) => r.stored)).toHaveLength(300);
    expect(results.filter((r) => r.status === 429)).toHaveLength(700);
    expect(results.every((r) => r.status === 204 || r.status === 429)).toBe(true);
    expect(await rows()).toHaveLength(300);
    // Another address is not held back by the flood.
    expect(await ingestBeacon(getDb(), request(beacon(), {}, '198.51.100.1'), d, t0)).toMatchObject({ stored: true });
    // Tokens come back at the per-minute rate: 12 seconds later, 60 more.
    const later = new Date(t0.getTime() + 12_000);
    const next = await Promise.all(Array.from({ length: 100 }, () => ingestBeacon(getDb(), request(beacon()), d, later)));
    expect(next.filter((r) => r.stored)).toHaveLength(60);
  });
});

describe('visitor domain type', () => {
  it('loopback and private addresses are local, without a look-up', async () => {
    const dns = fakeDns({});
    const v = new VisitorClassifier({ lookup: dns.lookup });
    for (const ip of ['127.0.0.1', '::1', '10.1.2.3', '172.20.0.5', '192.168.1.10', '169.254.0.1', '100.64.3.4', '::ffff:192.168.0.1', 'fd12:3456::1', 'fe80::1']) {
      expect(isLocalAddress(ip), ip).toBe(true);
      expect(await v.classify(ip), ip).toBe('local');
    }
    expect(dns.asked).toEqual([]);
    expect(isLocalAddress('203.0.113.9')).toBe(false);
    expect(isLocalAddress('2001:db8::1')).toBe(false);
  });

  it('is the domain type of the reverse DNS name, unknown without an address, a name or an answer', async () => {
    const dns = fakeDns({ '203.0.113.1': ['host.example.com'], '203.0.113.2': ['dsl-1.isp.co.uk'], '2001:db8::5': ['v6.example.org'], '203.0.113.3': [] });
    const v = new VisitorClassifier({ lookup: dns.lookup });
    expect(await v.classify('203.0.113.1')).toBe('com');
    expect(await v.classify('203.0.113.2')).toBe('country');
    expect(await v.classify('2001:db8::5')).toBe('org');
    expect(await v.classify('203.0.113.3')).toBe('unknown');
    expect(await v.classify('203.0.113.4')).toBe('unknown');
    expect(await v.classify(null)).toBe('unknown');
    expect(await v.classify('not an ip')).toBe('unknown');
  });

  it('gives up on a look-up that does not answer: unknown', async () => {
    const never: ReverseLookup = () => new Promise(() => {});
    const v = new VisitorClassifier({ lookup: (ip, ms) => Promise.race([never(ip, ms), new Promise<string[]>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms))]), timeoutMs: 20 });
    expect(await v.classify('203.0.113.9')).toBe('unknown');
  });

  it('looks an address up once, then answers from a bounded cache', async () => {
    const dns = fakeDns({ '203.0.113.1': ['a.example.net'], '203.0.113.2': ['b.example.edu'], '203.0.113.3': ['c.example.gov'] });
    const v = new VisitorClassifier({ lookup: dns.lookup, maxEntries: 2 });
    await Promise.all(Array.from({ length: 20 }, () => v.classify('203.0.113.1')));
    expect(dns.asked).toEqual(['203.0.113.1']);
    await v.classify('203.0.113.2');
    await v.classify('203.0.113.3'); // evicts .1, the least recently used
    await v.classify('203.0.113.1');
    expect(dns.asked).toEqual(['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.1']);
  });

  it('the real resolver answers for loopback without the network', async () => {
    expect(await new VisitorClassifier().classify('127.0.0.1')).toBe('local');
  });
});

describe('privacy', () => {
  it('stores no IP address, user id, cookie or session: every text, enum, array, jsonb and inet column of the analytics tables is scanned', async () => {
    const userId = randomUUID();
    const sessionId = randomUUID();
    const cookie = `authjs.session-token=eyJ${randomUUID().replaceAll('-', '')}; theme=dark; uid=${userId}`;
    const ips = ['203.0.113.77', '2001:db8::77'];
    const d = deps({ dns: { '203.0.113.77': ['host-203-0-113-77.example.edu'], '2001:db8::77': ['x.example.com'] } });
    for (const ip of ips) {
      const headers = { cookie, 'x-client-ip': ip, 'x-forwarded-for': ip, 'x-user-id': userId, 'x-session-id': sessionId, authorization: `Bearer ${sessionId}` };
      expect(await ingestBeacon(getDb(), request(beacon(), headers, ip), d, t0)).toMatchObject({ stored: true });
      expect(await ingestBeacon(getDb(), request(beacon({ route: '/account/reports/[id]', referrerHost: null, referrerType: 'none' }), headers, ip), d, t0)).toMatchObject({ stored: true });
      // Identity smuggled into the beacon itself is refused or reduced to a type.
      await ingestBeacon(getDb(), request({ ...beacon(), route: `/admin/users/${userId}` }, headers, ip), d, t0);
      await ingestBeacon(getDb(), request(beacon({ referrerHost: ip }), headers, ip), d, t0);
    }
    await rollupAnalytics(getDb(), new Date(t0.getTime() + 1000));
    await ingestBeacon(getDb(), request(beacon(), { cookie }, ips[0]!), d, t0); // a raw row too

    const columns = await getDb().execute<{ table_name: string; column_name: string; data_type: string }>(sql`
      select table_name, column_name, data_type from information_schema.columns
      where table_schema = 'public' and table_name like 'analytics%'
        and (data_type in ('text', 'character varying', 'character', 'jsonb', 'json', 'inet', 'cidr', 'USER-DEFINED', 'ARRAY'))`);
    const tables = new Set(columns.map((c) => c.table_name));
    expect([...tables].sort()).toEqual(['analytics_daily', 'analytics_daily_referrers', 'analytics_events']);
    expect(columns.some((c) => c.data_type === 'inet')).toBe(false);
    const needles = [...ips, 'host-203-0-113-77', '203-0-113-77', userId, sessionId, cookie, 'authjs', 'eyJ', 'dark'];
    let scanned = 0;
    for (const { table_name, column_name } of columns) {
      const values = await getDb().execute<{ v: string | null }>(sql`select ${sql.identifier(column_name)}::text as v from ${sql.identifier(table_name)}`);
      for (const { v } of values) {
        scanned++;
        for (const needle of needles) expect(v ?? '', `${table_name}.${column_name}`).not.toContain(needle);
      }
    }
    expect(scanned).toBeGreaterThan(20);
    // And the rows that are there hold only the promised fields.
    expect((await rows()).map((r) => Object.keys(r).sort())[0]).toEqual(['id', 'occurredAt', 'referrerHost', 'referrerType', 'rolledUpAt', 'route', 'timeOnPageMs', 'viewport', 'visitorType']);
  });
});
