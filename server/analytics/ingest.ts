import 'server-only';
import { analyticsEvents } from '@/db/schema';
import type { DbOrTx } from '@/db/client';
import { BEACON_MAX_BYTES, domainType, normalizeHost, type DomainType } from '@/lib/analytics';
import { beaconSchema } from '@/lib/analytics-schemas';
import { clock } from '../clock';
import { env } from '../env';
import { log } from '../log';
import { FloodGuard } from './flood';
import { ipKey } from './ip-key';
import { VisitorClassifier } from './visitor';

/*
 * The beacon endpoint's logic (app/api/analytics/route.ts only adapts HTTP).
 * What reaches the database is the route pattern, the capped time on page, the
 * referring host and its type, the viewport class, the visitor's domain type
 * and the time: never the address, a cookie, a session or a user.
 */

/** What the handler may look at: a few headers, the body and the address. Cookies are not among them. */
export interface BeaconRequest {
  headers: Headers;
  body: ReadableStream<Uint8Array> | string | null;
  /** The client address from the trusted hops (server/request.ts); used for the flood guard and the reverse look-up only. */
  ip: string | null;
}

export interface AcceptedBeacon {
  route: string;
  timeOnPageMs: number;
  referrerHost: string | null;
  referrerType: DomainType;
  viewport: 'phone' | 'tablet' | 'desktop';
}

export type Decision =
  | { status: 204; beacon: AcceptedBeacon }
  /** Do Not Track or Global Privacy Control: answered like a success, nothing recorded. */
  | { status: 204; beacon: null; reason: 'opted_out' }
  | { status: 400 | 403 | 413 | 429; beacon: null; reason: string };

export interface IngestDeps {
  flood: FloodGuard;
  visitors: VisitorClassifier;
}

const g = globalThis as unknown as { __analyticsDeps?: IngestDeps };
/** One flood guard and one look-up cache per process. */
export function defaultDeps(): IngestDeps {
  return (g.__analyticsDeps ??= {
    flood: new FloodGuard(env().ANALYTICS_BEACONS_PER_MINUTE),
    visitors: new VisitorClassifier({ timeoutMs: env().ANALYTICS_DNS_TIMEOUT_MS }),
  });
}

export const optedOut = (h: Headers) => h.get('dnt')?.trim() === '1' || h.get('sec-gpc')?.trim() === '1';

/** Reads at most `limit` bytes of a body as UTF-8; null when it is longer or not text. */
async function readLimited(body: BeaconRequest['body'], limit: number): Promise<string | null> {
  if (body === null) return '';
  if (typeof body === 'string') return Buffer.byteLength(body) <= limit ? body : null;
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => {});
        return null;
      }
      chunks.push(value);
    }
  } catch {
    return null;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    return null;
  }
}

/**
 * Decides what to do with a beacon without touching the database: opted out,
 * flooding, cross-site, too big, malformed or unknown route are refused (never
 * thrown); otherwise the validated fields are returned.
 */
export async function screenBeacon(req: BeaconRequest, deps: IngestDeps = defaultDeps(), now: Date = clock.now()): Promise<Decision> {
  const h = req.headers;
  if (optedOut(h)) return { status: 204, beacon: null, reason: 'opted_out' };
  // Browsers mark requests another site makes them send; only our own pages send beacons.
  const site = h.get('sec-fetch-site');
  if (site && site !== 'same-origin') return { status: 403, beacon: null, reason: 'cross_site' };
  if (!deps.flood.take(req.ip ? ipKey(req.ip) : 'no-address', now.getTime())) return { status: 429, beacon: null, reason: 'flood' };
  const declared = Number(h.get('content-length') ?? 0);
  if (declared > BEACON_MAX_BYTES) return { status: 413, beacon: null, reason: 'too_large' };
  const text = await readLimited(req.body, BEACON_MAX_BYTES);
  if (text === null) return { status: 413, beacon: null, reason: 'too_large' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { status: 400, beacon: null, reason: 'not_json' };
  }
  const parsed = beaconSchema.safeParse(json);
  if (!parsed.success) return { status: 400, beacon: null, reason: 'invalid' };
  const b = parsed.data;
  // The type is derived here again from the host, so a forged type cannot skew the counts.
  let referrerHost: string | null = null;
  let referrerType: DomainType;
  if (b.referrerType === 'internal' || b.referrerType === 'none') {
    referrerType = b.referrerType;
  } else {
    referrerHost = normalizeHost(b.referrerHost);
    if (referrerHost && referrerHost === normalizeHost(h.get('host')?.split(':')[0])) {
      referrerHost = null;
      referrerType = 'internal';
    } else referrerType = referrerHost ? domainType(referrerHost) : b.referrerHost ? 'other' : 'none';
  }
  return { status: 204, beacon: { route: b.route, timeOnPageMs: b.timeMs, referrerHost, referrerType, viewport: b.viewport } };
}

/** Stores an accepted beacon with the visitor's domain type; the address is used for the look-up and dropped. */
export async function recordBeacon(db: DbOrTx, beacon: AcceptedBeacon, ip: string | null, deps: IngestDeps = defaultDeps(), now: Date = clock.now()) {
  const visitorType = await deps.visitors.classify(ip);
  await db.insert(analyticsEvents).values({ ...beacon, visitorType, occurredAt: now });
}

/**
 * Screens and, when accepted, stores a beacon; never throws. The route handler
 * answers after screening and stores after the response (`after`); tests call
 * this to do both in order.
 */
export async function ingestBeacon(db: DbOrTx, req: BeaconRequest, deps: IngestDeps = defaultDeps(), now: Date = clock.now()): Promise<{ status: number; stored: boolean; reason?: string }> {
  try {
    const decision = await screenBeacon(req, deps, now);
    if (!decision.beacon) return { status: decision.status, stored: false, reason: decision.reason };
    await recordBeacon(db, decision.beacon, req.ip, deps, now);
    return { status: 204, stored: true };
  } catch (e) {
    log.warn({ event: 'analytics_beacon_failed', err: e });
    return { status: 204, stored: false, reason: 'error' };
  }
}
