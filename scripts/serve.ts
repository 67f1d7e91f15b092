import { randomUUID } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import next from 'next';
import pino from 'pino';
import { requestMetrics } from '../db/request-metrics';
import { resolveClientIp } from '../lib/net';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Serves the Next.js app behind a thin HTTP layer that gives every request an
 * id and the client IP (from trusted proxy hops only), and writes one JSON log
 * line per request: no query string, body, cookie or header values.
 */
export async function serve(opts: { port: number; hostname?: string; dev?: boolean }) {
  const log = pino({ level: process.env.LOG_LEVEL ?? 'info', base: { service: 'account-center' }, timestamp: pino.stdTimeFunctions.isoTime });
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
      log.info({ event: 'request', requestId, ip, method: req.method, path: (req.url ?? '/').split('?')[0], status: res.statusCode, durationMs: Math.round(durationMs * 10) / 10, queries: metrics.queries });
    });
    void requestMetrics.run(metrics, () => handle(req, res));
  });
  await new Promise<void>((resolve) => server.listen(opts.port, opts.hostname ?? '0.0.0.0', resolve));
  return {
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
