/**
 * `npm run bench`: throughput and latency of the signed-in `/account` page and
 * of sign-in, each as a ratio against a reference measured in the same run
 * (`/api/health`, and a bare argon2 verify). Not a test: nothing fails on a number.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { encode } from '@auth/core/jwt';
import { hash, verify } from '@node-rs/argon2';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { dataDir, root } from './runtime';

const port = Number(process.env.BENCH_PORT ?? 3200);
const base = `http://localhost:${port}`;
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);

const server = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/testing/e2e-server.ts')], {
  cwd: root,
  env: { ...process.env, E2E_PORT: String(port), E2E_DATABASE: 'bench' },
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
const env = JSON.parse(readFileSync(path.join(dataDir, 'bench-env.json'), 'utf8')) as { DATABASE_URL: string; AUTH_SECRET: string; AUTH_PEPPER: string };
const argon = { algorithm: 2 as const, memoryCost: 19456, timeCost: 2, parallelism: 1, secret: Buffer.from(env.AUTH_PEPPER) };
const sql = postgres(env.DATABASE_URL, { max: 1, onnotice: () => {} });

// A customer with a realistic account, signed in with a session row + JWT cookie as Auth.js would set.
const username = `bench${randomBytes(3).toString('hex')}`;
const password = `bench pass ${randomBytes(8).toString('hex')}`;
const passwordHash = await hash(password.normalize('NFKC'), argon);
const [user] = await sql`insert into users (username, email, email_normalized, email_verified_at, password_hash) values (${username}, ${username + '@example.test'}, ${username + '@example.test'}, now(), ${passwordHash}) returning id`;
// A fully filled profile and 200 history rows: the /account page must not grow a query per row.
await sql`insert into profiles (user_id, full_name, preferred_name, date_of_birth, address_line1, address_line2, city, region, postal_code, country, company, preferred_language, time_zone)
  values (${user!.id}, 'Bench Marker', 'Ben', '1985-06-15', '1 High Street', 'Flat 2', 'Leeds', 'West Yorkshire', 'LS1 1AA', 'GB', 'Bench Ltd', 'en-GB', 'Europe/London')`;
await sql`insert into profile_changes (user_id, field, kind, changed_at) select ${user!.id}, 'city', 'changed', now() - n * interval '1 hour' from generate_series(1, 200) n`;
const [session] = await sql`insert into sessions (user_id, auth_method, absolute_expires_at) values (${user!.id}, 'password', now() + interval '12 hours') returning id`;
const cookieName = 'authjs.session-token';
const cookie = `${cookieName}=${await encode({ token: { sub: user!.id, sid: session!.id }, secret: env.AUTH_SECRET, salt: cookieName, maxAge: 43200 })}`;

/** The query count the HTTP layer logged for the last request to `pathname`. */
function queriesPerRequest(pathname: string) {
  const lines = readFileSync(path.join(dataDir, 'bench-server.log'), 'utf8').split('\n').filter((l) => l.includes(`"path":"${pathname}"`));
  const last = lines.at(-1);
  return last ? (JSON.parse(last) as { queries?: number }).queries : undefined;
}

type Result = { rps: number; p50: number; p99: number; errors: number; non2xx: number };
async function load(pathname: string, headers: Record<string, string> = {}): Promise<Result> {
  const r = await autocannon({ url: `${base}${pathname}`, connections, duration: seconds, headers });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx };
}

const fmt = (r: Result) => `${r.rps.toFixed(0).padStart(6)} req/s   p50 ${r.p50.toFixed(1).padStart(6)} ms   p99 ${r.p99.toFixed(1).padStart(6)} ms${r.errors || r.non2xx ? `   (${r.errors} errors, ${r.non2xx} non-2xx)` : ''}`;

console.log(`\nBenchmarks (${connections} connections, ${seconds} s each, production build, Postgres on this machine)\n`);
await load('/api/health'); // warm-up
const health = await load('/api/health');
const account = await load('/account', { cookie });
const queries = queriesPerRequest('/account');
console.log(`/api/health            ${fmt(health)}`);
console.log(`/account (signed in)   ${fmt(account)}`);
console.log(`ratio /account ÷ /api/health: throughput ${(account.rps / health.rps).toFixed(3)}, p50 latency ${(account.p50 / health.p50).toFixed(2)}×`);
console.log(`/account: full profile, 200 history rows, ${queries} database queries per request (from the request log)`);

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
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
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

await sql.end();
stopServer();
process.exit(0);
