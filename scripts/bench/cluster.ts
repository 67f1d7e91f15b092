/**
 * Cluster mode: a second app instance (scripts/testing/second-server.ts: the same
 * build, database and secrets, its own process and pool) beside the bench server,
 * on the one Postgres. The signed-in `/account` under the same load per instance,
 * first on one instance, then on both at once; throughput scaling is the ratio.
 * Beside it, the CPU each part used (app instances, Postgres, this load generator)
 * from /proc, in cores: on a machine with few cores that is what bounds the scaling.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root } from '../runtime';

type Result = { rps: number; p50: number; p99: number; errors: number; non2xx: number; ok: number };
type Load = (pathname: string, headers?: Record<string, string>, post?: string, duration?: number, url?: string) => Promise<Result>;

const TICK = 100; // clock ticks per second on Linux

/** utime + stime of a process, in seconds (0 if it is gone). */
function cpuOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICK;
  } catch {
    return 0;
  }
}

/** Every process listening for Postgres on `port` (postmaster and its backends), by command line. */
function postgresPids(port: string): number[] {
  const pids: number[] = [];
  const all = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  let master: string | undefined;
  for (const d of all) {
    try {
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8');
      if (cmd.includes('postgres') && cmd.split('\0').includes(port)) master = d;
    } catch {
      /* gone */
    }
  }
  if (!master) return pids;
  pids.push(Number(master));
  for (const d of all) {
    try {
      const ppid = readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1]!.split(' ')[1];
      if (ppid === master) pids.push(Number(d));
    } catch {
      /* gone */
    }
  }
  return pids;
}

async function startSecond(env: Record<string, string>): Promise<{ url: string; pid: number; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/testing/second-server.ts')], {
    cwd: root,
    env: { ...process.env, ...env, NODE_ENV: 'production', RUN_WORKER: 'false', ANALYTICS_BEACONS_PER_MINUTE: '1000000' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`second instance exited (${code})`)));
  });
  child.stdout!.resume();
  // Stopped and waited for before the bench server (and its Postgres) goes: no request of it is left half-done.
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { url: `http://127.0.0.1:${port}`, pid: child.pid!, stop: () => (child.kill('SIGTERM'), exited) };
}

export async function benchCluster(base: string, env: Record<string, string>, cookie: string, load: Load, serverPid: number) {
  const pgPort = new URL(env.DATABASE_URL!).port;
  const second = await startSecond(env);
  try {
    const headers = { cookie };
    for (const url of [base, second.url]) await load('/account', headers, undefined, 3, url); // warm-up both
    const measure = async (urls: string[]) => {
      const pg = postgresPids(pgPort);
      const pids = { app: [serverPid, second.pid], pg };
      const before = { app: pids.app.map(cpuOf), pg: pg.map(cpuOf), client: process.cpuUsage() };
      const t = performance.now();
      const results = await Promise.all(urls.map((url) => load('/account', headers, undefined, undefined, url)));
      const wall = (performance.now() - t) / 1000;
      const appCores = pids.app.map((p, i) => (cpuOf(p) - before.app[i]!) / wall);
      const pgCores = pg.reduce((sum, p, i) => sum + cpuOf(p) - before.pg[i]!, 0) / wall;
      const c = process.cpuUsage(before.client);
      const clientCores = (c.user + c.system) / 1e6 / wall;
      return { rps: results.reduce((s, r) => s + r.rps, 0), p50: Math.max(...results.map((r) => r.p50)), errors: results.reduce((s, r) => s + r.errors + r.non2xx, 0), appCores, pgCores, clientCores };
    };
    const one = await measure([base]);
    const two = await measure([base, second.url]);
    const cores = os.availableParallelism();
    const line = (label: string, r: Awaited<ReturnType<typeof measure>>) =>
      `  ${label.padEnd(14)} ${r.rps.toFixed(0).padStart(6)} req/s   p50 ${r.p50.toFixed(1).padStart(6)} ms${r.errors ? `   (${r.errors} errors)` : ''}   CPU in cores: app ${r.appCores.map((x) => x.toFixed(2)).join(' + ')}, Postgres ${r.pgCores.toFixed(2)}, load generator ${r.clientCores.toFixed(2)}, total ${(r.appCores.reduce((a, b) => a + b, 0) + r.pgCores + r.clientCores).toFixed(2)} of ${cores}`;
    console.log(`\ncluster: /account (signed in), one Postgres, the same load per instance:`);
    console.log(line('one instance', one));
    console.log(line('two instances', two));
    const scaling = two.rps / one.rps;
    const perRequest = (one.appCores[0]! + one.pgCores + one.clientCores) / one.rps;
    console.log(`scaling two ÷ one: ${scaling.toFixed(2)}× (target ≥ 1.6); CPU per request on one instance: ${(perRequest * 1000).toFixed(2)} core-ms (app, Postgres and load generator), so ${cores} cores cap the whole test at ≈ ${(cores / perRequest).toFixed(0)} req/s whatever the instance count\n`);
  } finally {
    await second.stop();
  }
}
