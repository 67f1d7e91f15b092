/**
 * `npm run bench`: throughput and latency of the signed-in customer pages against
 * the public `/privacy` in the same run, where one signed-in request's time goes,
 * sign-in against a bare argon2 verify, first-load JS and Lighthouse against
 * `/privacy`, two app instances against one, beacon ingestion, the staff queue,
 * the export, one-click unsubscribe and a campaign: each a ratio against a
 * reference measured in the same run. Not a test: nothing fails on a number.
 *
 * `npm run bench -- pages signin` runs only the named sections (in their usual
 * order): pages, profile, signin, bundle, lighthouse, cluster, beacons, queue,
 * export, unsubscribe, campaign.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { encode } from '@auth/core/jwt';
import { hash, verify } from '@node-rs/argon2';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { benchExport } from './bench/export';
import { dataDir, root } from './runtime';
import { median } from './bench/stats';

const SECTIONS = ['pages', 'profile', 'signin', 'bundle', 'lighthouse', 'cluster', 'beacons', 'queue', 'export', 'unsubscribe', 'campaign'] as const;
const asked = process.argv.slice(2);
for (const a of asked) if (!(SECTIONS as readonly string[]).includes(a)) throw new Error(`unknown bench section "${a}"; the sections: ${SECTIONS.join(', ')}`);
const want = (section: (typeof SECTIONS)[number]) => asked.length === 0 || asked.includes(section);

const port = Number(process.env.BENCH_PORT ?? 3200);
const base = `http://localhost:${port}`;
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);

// BENCH_NODE_ARGS passes flags to the server's node (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to see where its time goes).
const server = spawn(process.execPath, [...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []), '--import', 'tsx', path.join(root, 'scripts/testing/e2e-server.ts')], {
  cwd: root,
  // The per-address beacon cap is lifted: every autocannon connection comes from one address, and ingestion is what is measured.
  env: { ...process.env, E2E_PORT: String(port), E2E_DATABASE: 'bench', ANALYTICS_BEACONS_PER_MINUTE: '1000000' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const stopServer = () => server.kill('SIGTERM');
process.on('exit', stopServer);

async function waitForServer() {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error('bench server did not start');
}

await waitForServer();
const env = JSON.parse(readFileSync(path.join(dataDir, 'bench-env.json'), 'utf8')) as { DATABASE_URL: string; DATABASE_OWNER_URL: string; AUTH_SECRET: string; AUTH_PEPPER: string };
const argon = { algorithm: 2 as const, memoryCost: 19456, timeCost: 2, parallelism: 1, secret: Buffer.from(env.AUTH_PEPPER) };
// Seeding in bulk and ANALYZE need the owner; the server under test connects as the app's role.
const sql = postgres(env.DATABASE_OWNER_URL, { max: 1, onnotice: () => {} });

// A customer with a realistic account, signed in with a session row + JWT cookie as Auth.js would set.
const username = `bench${randomBytes(3).toString('hex')}`;
const password = `bench pass ${randomBytes(8).toString('hex')}`;
const passwordHash = await hash(password.normalize('NFKC'), argon);
const [user] = await sql`insert into users (username, email, email_normalized, email_verified_at, password_hash) values (${username}, ${username + '@example.test'}, ${username + '@example.test'}, now(), ${passwordHash}) returning id`;
// A fully filled profile and 200 history rows: the /account page must not grow a query per row.
await sql`insert into profiles (user_id, full_name, preferred_name, date_of_birth, address_line1, address_line2, city, region, postal_code, country, company, preferred_language, time_zone)
  values (${user!.id}, 'Bench Marker', 'Ben', '1985-06-15', '1 High Street', 'Flat 2', 'Leeds', 'West Yorkshire', 'LS1 1AA', 'GB', 'Bench Ltd', 'en-GB', 'Europe/London')`;
await sql`insert into profile_changes (user_id, field, kind, changed_at) select ${user!.id}, 'city', 'changed', now() - n * interval '1 hour' from generate_series(1, 200) n`;
// The rest of what the four customer pages show: sign-ins, other devices, account activity, email choices, a policy in force.
const ua = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';
await sql`insert into login_events (user_id, success, method, reason, ip, user_agent, created_at) select ${user!.id}, n % 5 <> 0, 'password', case when n % 5 = 0 then 'bad_password' else 'ok' end, '203.0.113.7', ${ua}, now() - n * interval '1 day' from generate_series(1, 20) n`;
await sql`insert into sessions (user_id, auth_method, ip, user_agent, absolute_expires_at) select ${user!.id}, 'password', '203.0.113.8', ${ua}, now() + interval '11 hours' from generate_series(1, 3)`;
await sql`insert into security_events (user_id, kind, ip, user_agent, created_at) select ${user!.id}, 'data_export', '203.0.113.7', ${ua}, now() - n * interval '3 days' from generate_series(1, 5) n`;
await sql`insert into consents (user_id, topic, state) values (${user!.id}, 'newsletter', 'granted'), (${user!.id}, 'offers', 'withdrawn')`;
await sql`insert into consent_events (user_id, topic, state, source, ip, created_at) values (${user!.id}, 'newsletter', 'granted', 'settings', '203.0.113.7', now() - interval '9 days'), (${user!.id}, 'offers', 'granted', 'settings', '203.0.113.7', now() - interval '8 days'), (${user!.id}, 'offers', 'withdrawn', 'settings', '203.0.113.7', now() - interval '2 days')`;
await sql`insert into policy_versions (version, summary, body, published_at) values ('bench-1', 'The policy in force.', ${'We hold what you give us. '.repeat(200)}, now() - interval '30 days') on conflict do nothing`;
const [session] = await sql`insert into sessions (user_id, auth_method, ip, user_agent, absolute_expires_at) values (${user!.id}, 'password', '127.0.0.1', ${ua}, now() + interval '12 hours') returning id`;
const cookieName = 'authjs.session-token';
const cookie = `${cookieName}=${await encode({ token: { sub: user!.id, sid: session!.id }, secret: env.AUTH_SECRET, salt: cookieName, maxAge: 43200 })}`;

/** The query count the HTTP layer logged for the last request to `pathname`. */
function queriesPerRequest(pathname: string) {
  const lines = readFileSync(path.join(dataDir, 'bench-server.log'), 'utf8').split('\n').filter((l) => l.includes(`"path":"${pathname}"`));
  const last = lines.at(-1);
  return last ? (JSON.parse(last) as { queries?: number }).queries : undefined;
}

type Result = { rps: number; p50: number; p99: number; errors: number; non2xx: number; ok: number };
async function load(pathname: string, headers: Record<string, string> = {}, post?: string, duration = seconds, url = base): Promise<Result> {
  const r = await autocannon({ url: `${url}${pathname}`, connections, duration, headers, ...(post === undefined ? {} : { method: 'POST' as const, body: post }) });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx, ok: r['2xx'] };
}

const fmt = (r: Result) => `${r.rps.toFixed(0).padStart(6)} req/s   p50 ${r.p50.toFixed(1).padStart(6)} ms   p99 ${r.p99.toFixed(1).padStart(6)} ms${r.errors || r.non2xx ? `   (${r.errors} errors, ${r.non2xx} non-2xx)` : ''}`;

console.log(`\nBenchmarks (${connections} connections, ${seconds} s each, production build, Postgres on this machine)\n`);
await load('/api/health', {}, undefined, 2); // warm-up
const health = await load('/api/health');

// The signed-in customer pages against the public, server-rendered /privacy (one query), in this run.
const PAGES = ['/account', '/account/profile', '/account/security', '/account/communications'] as const;
if (want('pages')) {
  for (const p of ['/privacy', ...PAGES]) await load(p, { cookie }, undefined, 2); // warm-up: compiled routes, plans, buffers
  const privacy = await load('/privacy');
  console.log(`${'/api/health'.padEnd(32)} ${fmt(health)}`);
  console.log(`${'/privacy (public, reference)'.padEnd(32)} ${fmt(privacy)}   ${queriesPerRequest('/privacy')} queries`);
  const rows: string[] = [];
  for (const p of PAGES) {
    const r = await load(p, { cookie });
    console.log(`${`${p} (signed in)`.padEnd(32)} ${fmt(r)}   ${queriesPerRequest(p)} queries`);
    rows.push(`  ${p.padEnd(26)} throughput ${(r.rps / privacy.rps).toFixed(2)}× (target ≥ 0.6)   p50 ${(r.p50 / privacy.p50).toFixed(2)}× (target ≤ 1.6)`);
  }
  console.log(`ratios against /privacy, this run:\n${rows.join('\n')}`);
  console.log('(full profile, 200 history rows, 20 sign-ins, 3 other sessions, 5 activity events, 3 consent changes; queries per request from the request log)\n');
}

if (want('profile')) await (await import('./bench/profile')).profileSignedIn(base, env, { id: user!.id as string, sessionId: session!.id as string, username, password }, cookie, cookieName);

if (want('signin')) {
  // Sign-in over real HTTP through Auth.js's credentials callback, against the bare verify it must do.
  async function signInOnce(): Promise<number> {
    const csrfRes = await fetch(`${base}/api/auth/csrf`);
    const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
    const csrfCookie = csrfRes.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const started = performance.now();
    const res = await fetch(`${base}/api/auth/callback/password`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
      body: new URLSearchParams({ identifier: username, password, csrfToken }),
    });
    const ms = performance.now() - started;
    if (!res.headers.getSetCookie().some((c) => c.startsWith(cookieName))) throw new Error(`sign-in failed: ${res.status} ${res.headers.get('location')}`);
    return ms;
  }
  const rounds = Number(process.env.BENCH_SIGNINS ?? 30);
  const verifyTimes: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    await verify(passwordHash, password.normalize('NFKC'), argon);
    verifyTimes.push(performance.now() - t);
  }
  await signInOnce();
  const signInTimes: number[] = [];
  for (let i = 0; i < rounds; i++) signInTimes.push(await signInOnce());
  console.log(`\nsign-in (HTTP, password) p50 ${median(signInTimes).toFixed(1)} ms   bare argon2id verify p50 ${median(verifyTimes).toFixed(1)} ms   ratio ${(median(signInTimes) / median(verifyTimes)).toFixed(2)}×  (${rounds} each)\n`);

}

// First-load JS: every script the page's HTML loads, gzipped, against /privacy's.
if (want('bundle')) await (await import('./bench/bundle')).benchBundle(base, cookie);

// Lighthouse 12, mobile: /sign-in and /account against /privacy, in this run.
if (want('lighthouse')) await (await import('./bench/lighthouse')).benchLighthouse(base, cookie, cookieName);

// Two app instances on one Postgres against one, under the same load.
if (want('cluster')) await (await import('./bench/cluster')).benchCluster(base, env as unknown as Record<string, string>, cookie, load, server.pid!);

if (want('beacons')) {
  // Analytics beacons: screened, answered 204, then stored after the response (reverse DNS of 127.0.0.1 is `local`, no look-up).
  const beaconHost = `bench-${randomBytes(4).toString('hex')}.example.org`;
  const beaconBody = JSON.stringify({ v: 1, route: '/account/profile', timeMs: 8200, referrerHost: beaconHost, referrerType: 'org', viewport: 'desktop' });
  const beacons = await load('/api/analytics', { 'content-type': 'text/plain;charset=UTF-8' }, beaconBody);
  // The inserts finish just after the answers: wait until every 204 is a row (or nothing more lands for 5 s).
  let stored = 0;
  for (let idle = 0; stored < beacons.ok && idle < 25; ) {
    const [row] = await sql`select count(*)::int as n from analytics_events where referrer_host = ${beaconHost}`;
    idle = row!.n === stored ? idle + 1 : 0;
    stored = row!.n as number;
    if (stored < beacons.ok) await new Promise((r) => setTimeout(r, 200));
  }
  console.log(`/api/analytics (beacon) ${fmt(beacons)}`);
  console.log(`ratio /api/analytics ÷ /api/health: throughput ${(beacons.rps / health.rps).toFixed(3)}, p50 latency ${(beacons.p50 / health.p50).toFixed(2)}×; ${stored} beacons stored for ${beacons.ok} answered 204 in the window (requests still in flight at its end are stored too)\n`);

}

if (want('queue')) {
  // Staff review queue (inaccuracy reports): the first page of GET /api/admin/reports, the route React Query polls,
  // with 100 reports in the table and then with 100 000, in this run. Index-backed, the ratio stays near 1.
  const qTag = randomBytes(3).toString('hex');
  const [staffUser] = await sql`insert into users (username, email, email_normalized, email_verified_at, password_hash, role)
    values (${'benchstaff' + qTag}, ${`benchstaff${qTag}@example.test`}, ${`benchstaff${qTag}@example.test`}, now(), ${passwordHash}, 'staff') returning id`;
  const [staffSession] = await sql`insert into sessions (user_id, auth_method, absolute_expires_at) values (${staffUser!.id}, 'password', now() + interval '12 hours') returning id`;
  const staffCookie = `${cookieName}=${await encode({ token: { sub: staffUser!.id, sid: staffSession!.id }, secret: env.AUTH_SECRET, salt: cookieName, maxAge: 43200 })}`;
  // 10 000 customers × 16 items: report n belongs to customer n % 10 000 and item n / 10 000, so no customer has two open reports on one item.
  await sql`insert into users (username, email, email_normalized, password_hash)
    select 'benchq' || ${qTag} || n, 'benchq' || ${qTag} || n || '@example.test', 'benchq' || ${qTag} || n || '@example.test', 'x' from generate_series(0, 9999) n`;
  const items = ['profile.fullName', 'profile.preferredName', 'profile.dateOfBirth', 'profile.addressLine1', 'profile.addressLine2', 'profile.city', 'profile.region', 'profile.postalCode', 'profile.country', 'profile.company', 'profile.preferredLanguage', 'profile.timeZone', 'email', 'mobile', 'account.createdAt', 'account.username'];
  /** Reports [from, to): about a third open (submitted, in review, needs information), most closed, a few unconfirmed drafts; due dates spread over a year. */
  async function insertReports(from: number, to: number) {
    await sql`
      with c as (select array_agg(id order by username) as ids from users where username like ${'benchq' + qTag + '%'})
      insert into reports (user_id, item, current_value, proposed_value, explanation, status, verified_at, due_at, claimed_by, created_at)
      select c.ids[1 + n % 10000], (${items}::text[])[1 + (n / 10000) % 16], 'Old value', 'New value', 'Bench report',
        s.status::report_status,
        case when s.status = 'unverified' then null else now() - make_interval(days => n % 330) end,
        case when s.status = 'unverified' then null else now() - make_interval(days => n % 330) + interval '30 days' end,
        case when s.status in ('in_review', 'needs_information') and n % 2 = 0 then ${staffUser!.id}::uuid end,
        now() - make_interval(days => n % 330)
      from generate_series(${from}::int, ${to - 1}::int) n, c,
        lateral (select (array['submitted','in_review','needs_information','corrected','corrected','rejected','rejected','withdrawn','corrected','unverified'])[1 + n % 10] as status) s`;
    await sql`analyze reports`;
  }
  const queuePath = '/api/admin/reports';
  const firstPage = async () => {
    const res = await fetch(`${base}${queuePath}`, { headers: { cookie: staffCookie } });
    if (!res.ok) throw new Error(`queue: ${res.status}`);
    return ((await res.json()) as { rows: unknown[] }).rows.length;
  };
  await insertReports(0, 100);
  for (let i = 0; i < 30; i++) await firstPage(); // warm-up: the first measurement must not pay for the route's first compile and plan
  const rows100 = await firstPage();
  const q100 = await load(queuePath, { cookie: staffCookie });
  await insertReports(100, 100_000);
  const [{ n: total }] = (await sql`select count(*)::int as n from reports`) as unknown as [{ n: number }];
  const rows100k = await firstPage();
  const q100k = await load(queuePath, { cookie: staffCookie });
  // The same shape as server/reports/queue.ts (claimer joined, due-date order, one extra row to know there is a next page).
  const plan = (
    await sql`explain select r.id, u.username from reports r left join users u on u.id = r.claimed_by
      where r.status in ('submitted', 'in_review', 'needs_information') order by r.due_at, r.id limit 21`
  )
    .map((r) => String(Object.values(r)[0]).trim())
    .filter((l) => !l.startsWith('Index Cond') && !l.startsWith('->  Memoize'))
    .join(' | ');
  console.log(`\nstaff queue, first page (${rows100} rows, staff session, HTTP):`);
  console.log(`  ${'100 reports'.padEnd(20)} ${fmt(q100)}`);
  console.log(`  ${`${total.toLocaleString('en-GB')} reports`.padEnd(20)} ${fmt(q100k)}`);
  console.log(`ratio 100k ÷ 100: p50 latency ${(q100k.p50 / q100.p50).toFixed(2)}×, throughput ${(q100k.rps / q100.rps).toFixed(3)}  (first page ${rows100k} rows; ${queriesPerRequest(queuePath)} queries per request)`);
  console.log(`plan: ${plan}\n`);

}

if (want('export')) await benchExport(env.DATABASE_URL, sql);
if (want('unsubscribe')) await (await import('./bench/unsubscribe')).benchUnsubscribe(base, sql, env); // one-click POST → suppressed, over HTTP
if (want('campaign')) await (await import('./bench/campaign')).benchCampaign(); // campaign send rate and withdrawal → refusal (its own database)

await sql.end();
stopServer();
process.exit(0);
