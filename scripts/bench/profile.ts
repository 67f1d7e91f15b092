/**
 * Where the time of one signed-in request goes (docs/decisions/032). Run against a
 * started bench server by scripts/bench.ts (`npm run bench -- profile`), in a
 * process with `server-only` resolved as on the server, so the app's own
 * functions are timed here one by one, outside the server, on the same database:
 * the JWT decode, the session load, each page's data, the HTTP layer's own work.
 * The server's time per request comes from its request log; what is left of it
 * is Next.js routing and the React Server Components render.
 */
import { randomUUID } from 'node:crypto';
import { register } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { encode } from '@auth/core/jwt';
import pino from 'pino';
import { requestMetrics } from '../../db/request-metrics';
import { resolveClientIp } from '../../lib/net';
import { dataDir } from '../runtime';
import { median } from './stats';

type Env = { DATABASE_URL: string; AUTH_SECRET: string; AUTH_PEPPER: string };

/** p50 in ms of `n` sequential runs of `f` (after 20 warm-up runs), with the queries each made. */
async function timed(f: () => Promise<unknown>, n = 300): Promise<{ ms: number; queries: number }> {
  for (let i = 0; i < 20; i++) await f();
  const times: number[] = [];
  let queries = 0;
  for (let i = 0; i < n; i++) {
    const m = { queries: 0 };
    const t = performance.now();
    await requestMetrics.run(m, f);
    times.push(performance.now() - t);
    queries = m.queries;
  }
  return { ms: median(times), queries };
}

function serverTimes(logFile: string, pathname: string, since: number) {
  const lines = readFileSync(logFile, 'utf8').split('\n').slice(since).filter((l) => l.includes(`"path":"${pathname}"`));
  const rows = lines.map((l) => JSON.parse(l) as { durationMs: number; queries: number; status: number }).filter((r) => r.status === 200);
  return { ms: median(rows.map((r) => r.durationMs)), queries: rows.at(-1)?.queries ?? NaN, n: rows.length };
}

export async function profileSignedIn(base: string, env: Env, user: { id: string; sessionId: string; username: string; password: string }, cookie: string, cookieName: string) {
  // The server's own environment (bench-env.json), and `server-only` resolved as on the server.
  Object.assign(process.env, env);
  register('../server-conditions.mjs', import.meta.url);
  const logFile = path.join(dataDir, 'bench-server.log');
  const fmt = (label: string, r: { ms: number; queries?: number }) => `  ${label.padEnd(58)} ${r.ms.toFixed(2).padStart(7)} ms${r.queries !== undefined ? `   ${r.queries} ${r.queries === 1 ? 'query' : 'queries'}` : ''}`;

  // Sequential requests, one at a time: latency without queueing.
  const sequential = async (pathname: string, headers: Record<string, string> = {}) => {
    const since = readFileSync(logFile, 'utf8').split('\n').length - 1;
    const client = await timed(async () => {
      const r = await fetch(`${base}${pathname}`, { headers, redirect: 'manual' });
      await r.arrayBuffer();
      if (r.status !== 200) throw new Error(`${pathname}: ${r.status}`);
    }, 200);
    await new Promise((r) => setTimeout(r, 300)); // the last log lines land
    return { client, server: serverTimes(logFile, pathname, since) };
  };
  const health = await sequential('/api/health');
  const privacy = await sequential('/privacy');
  const account = await sequential('/account', { cookie });
  const otherPages = [];
  for (const page of ['/account/profile', '/account/security', '/account/communications']) otherPages.push([`${page} (signed in)`, await sequential(page, { cookie })] as const);

  // The pieces, timed in this process on the same database.
  const { getToken } = await import('next-auth/jwt');
  const jwt = await timed(() => getToken({ req: { headers: new Headers({ cookie }) }, secret: env.AUTH_SECRET, secureCookie: false, cookieName, salt: cookieName }), 2000);
  const sessions = await import('../../server/auth/sessions');
  const sessionPoll = await timed(() => sessions.loadSession(user.sessionId, { touch: false }));
  const sessionPage = await timed(() => sessions.loadSession(user.sessionId, { touch: true, notice: true } as { touch: boolean }));
  // What a page does: the cookie (decoded once per process since docs/decisions/037) to its loaded session.
  const current = await import('../../server/auth/current' as string).catch(() => null);
  const cookieToSession = current ? await timed(() => current.sessionFromHeaders(new Headers({ cookie }), 'activity', { notice: true })) : undefined;
  // Before the fix the layout read the policy notice with its own query.
  const versions = (await import('../../server/policy/versions')) as { pendingPolicyNotice: (id: string) => Promise<unknown> };
  const notice = await timed(() => versions.pendingPolicyNotice(user.id));
  let pageData: { ms: number; queries: number };
  try {
    const pages = await import('../../server/account/pages' as string);
    pageData = await timed(() => pages.accountPageData(user.id));
  } catch {
    // The tree before docs/decisions/033: the page's five reads in parallel.
    const [{ accountOverview }, { getProfile, recentChanges }, { accessLog }, { disputedItems }] = await Promise.all([
      import('../../server/account/overview'),
      import('../../server/account/profile'),
      import('../../server/core/audit'),
      import('../../server/reports/customer'),
    ]);
    pageData = await timed(() => Promise.all([accountOverview(user.id), getProfile(user.id), recentChanges(user.id, 5), disputedItems(user.id), accessLog(getDb(), user.id, 50)]));
  }
  // scripts/serve.ts's own work per request: an id, the client address, one JSON log line (to a sink here).
  const sink = new Writable({ write: (_c, _e, cb) => cb() });
  const log = pino({ level: 'info' }, sink);
  const layer = await timed(async () => {
    const requestId = randomUUID();
    const ip = resolveClientIp('127.0.0.1', undefined, 0);
    log.info({ event: 'request', requestId, ip, method: 'GET', path: '/account', status: 200, durationMs: 12.3, queries: 2 });
  }, 5000);
  const cookieOnly = await timed(async () => encode({ token: { sub: user.id, sid: user.sessionId }, secret: env.AUTH_SECRET, salt: cookieName, maxAge: 60 }), 500);

  console.log('\nprofile: one request at a time, p50 of 200 (client: round trip; server: its request log line)');
  for (const [label, r] of [['/api/health', health], ['/privacy (public, 1 query)', privacy], ['/account (signed in)', account], ...otherPages] as const)
    console.log(`  ${label.padEnd(36)} client ${r.client.ms.toFixed(2).padStart(6)} ms   server ${r.server.ms.toFixed(2).padStart(6)} ms   ${r.server.queries} queries`);
  console.log('the pieces of /account, each timed alone in this process on the same database (p50):');
  console.log(fmt('Auth.js JWT decode (getToken: cookie parse, JWE decrypt)', jwt));
  console.log(fmt('session load, poll (no touch, no notice)', sessionPoll));
  console.log(fmt('session load, page (touch due at most every 5 s; notice when supported)', sessionPage));
  if (cookieToSession) console.log(fmt('cookie to session, as a page does it (a cookie seen before: no decode)', cookieToSession));
  console.log(fmt('policy notice on its own (the layout\'s query before 033)', notice));
  console.log(fmt('page data of /account', pageData));
  console.log(fmt('HTTP layer: request id, client address, one log line', layer));
  console.log(fmt('(for scale: JWT encode, as sign-in does)', cookieOnly));
  // Sign-in, piece by piece: the credential check (throttle transaction with the argon2id verify, the
  // sign-in history row), the session row, the new-device check; against the bare verify.
  const { verifyPasswordSignIn } = await import('../../server/auth/credentials');
  const { createSession } = await import('../../server/auth/sessions');
  const { noticeNewDevice } = await import('../../server/account/security');
  const { getDb } = await import('../../db/client');
  const { verifySecret } = await import('../../server/auth/hash');
  const { users } = await import('../../db/schema');
  const { eq } = await import('drizzle-orm');
  const [{ storedHash }] = (await getDb().select({ storedHash: users.passwordHash }).from(users).where(eq(users.id, user.id))) as [{ storedHash: string }];
  const ctx = { ip: '127.0.0.1', userAgent: 'bench', requestId: 'bench' };
  const bare = await timed(() => verifySecret(storedHash, user.password), 30);
  // As sign-in does: the session row is written in the credential check's last statement (docs/decisions/038).
  const credential = await timed(() => verifyPasswordSignIn(user.username, user.password, ctx as never, undefined, { startSession: true } as never), 30);
  let sid = '';
  const sessionRow = await timed(async () => (sid = (await createSession(getDb(), { userId: user.id, method: 'password', ip: '127.0.0.1', userAgent: 'bench' })).id), 30);
  const device = await timed(() => noticeNewDevice(user.id, sid, ctx as never), 30);

  const known = (cookieToSession?.ms ?? jwt.ms + sessionPage.ms) + pageData.ms + layer.ms;
  console.log(`  rest of the server time: Next.js routing, RSC render, HTML + flight serialization ≈ ${(account.server.ms - known).toFixed(2)} ms (server ${account.server.ms.toFixed(2)} − pieces ${known.toFixed(2)}); /privacy's whole server time is ${privacy.server.ms.toFixed(2)} ms`);
  console.log('sign-in (password), its pieces timed alone (p50 of 30):');
  console.log(fmt('bare argon2id verify (the reference)', bare));
  console.log(fmt('credential check: lookup, admission, verify, settlement + history + session row', credential));
  console.log(fmt('(a session row on its own, for scale)', sessionRow));
  console.log(fmt('new-device check', device));
}
