import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { register } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import next from 'next';
import { drainWrites } from '../db/pending-writes';
import { requestMetrics } from '../db/request-metrics';
import { parseEnv } from '../lib/env-schema';
import { resolveClientIp } from '../lib/net';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The path as a route pattern: no query string, and any segment that looks like
 * an id or token (digits, UUIDs, long random strings) replaced by `:id`, so logs
 * carry no identifiers or secrets from URLs.
 */
export function routePattern(url: string): string {
  const path = url.split('?')[0] ?? '/';
  return path
    .split('/')
    .map((seg) => (/^\d+$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$|^[A-Za-z0-9_-]{24,}$/i.test(seg) ? ':id' : seg))
    .join('/')
    .slice(0, 200);
}

/**
 * Serves the Next.js app behind a thin HTTP layer that gives every request an
 * id and the client IP (from trusted proxy hops only), and writes one JSON log
 * line per request: no query string, body, cookie or header values. Errors are
 * logged through server/log.ts's serializer, never with their values. Unless
 * RUN_WORKER=false, it also runs the background jobs (server/jobs) in this
 * process, and stops them on close.
 */
export async function serve(opts: { port: number; hostname?: string; dev?: boolean }) {
  // The app's own logger and error serializer (server/log.ts); `server-only` resolves as on the server first.
  register('./server-conditions.mjs', import.meta.url);
  const { log, guardConsole } = await import('../server/log');
  // Next.js prints what escapes every handler (uncaught exceptions, unhandled rejections) to the console: safely, from here on.
  guardConsole();
  const hops = Number(process.env.TRUSTED_PROXY_HOPS ?? 0);
  const app = next({ dev: !!opts.dev, dir: root, hostname: opts.hostname ?? 'localhost', port: opts.port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = http.createServer((req, res) => {
    const started = process.hrtime.bigint();
    const requestId = randomUUID();
    const forwarded = req.headers['x-forwarded-for'];
    const ip = resolveClientIp(req.socket.remoteAddress, Array.isArray(forwarded) ? forwarded.join(',') : forwarded, hops);
    // Overwrite whatever the client sent: these two headers are ours.
    req.headers['x-request-id'] = requestId;
    if (ip) req.headers['x-client-ip'] = ip;
    else delete req.headers['x-client-ip'];
    res.setHeader('x-request-id', requestId);
    const metrics = { queries: 0 };
    res.on('finish', () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      log.info({ event: 'request', requestId, ip, method: req.method, path: routePattern(req.url ?? '/'), status: res.statusCode, durationMs: Math.round(durationMs * 10) / 10, queries: metrics.queries });
    });
    requestMetrics
      .run(metrics, () => handle(req, res))
      .catch((err: unknown) => {
        log.error({ event: 'request_error', requestId, err });
        if (!res.headersSent) res.statusCode = 500;
        res.end();
      });
  });
  await new Promise<void>((resolve) => server.listen(opts.port, opts.hostname ?? '0.0.0.0', resolve));
  const worker = parseEnv(process.env).RUN_WORKER ? await startJobs() : null;
  return {
    server,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      // After the last request: writes answered before they finished (analytics beacons) land, and
      // running jobs finish (up to 10 s), before the database goes away.
      await drainWrites(5_000);
      await worker?.stop();
    },
  };
}

/**
 * The job worker, in this process. server/ modules import `server-only`, which
 * resolves to an empty module only under the `react-server` condition; this
 * process must keep the default conditions for Next.js, so a resolve hook
 * (scripts/server-conditions.mjs, registered by `serve`) applies it to `server-only` alone.
 */
async function startJobs() {
  const { startWorker } = await import('../server/jobs/worker');
  return startWorker({ connectionString: process.env.DATABASE_URL! });
}
