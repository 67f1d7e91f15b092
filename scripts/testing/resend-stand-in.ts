/**
 * A local HTTP server standing in for the Resend API (`POST /emails`), for
 * tests of the real SDK: it checks the bearer key, keeps every request it got,
 * and honours `Idempotency-Key` as Resend documents it: the same key with the
 * same body answers the first response again without sending a second email;
 * with another body it answers 409. Failures and a hook run between accepting
 * and answering are scripted by the test.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

export interface DeliveredMessage {
  id: string;
  idempotencyKey: string | null;
  body: Record<string, unknown>;
}

export interface ResendStandIn {
  url: string;
  requests: ReceivedRequest[];
  delivered: DeliveredMessage[];
  /** The next `count` requests get `status` and a Resend-shaped error, and nothing is sent. */
  failNext(count: number, status?: number): void;
  /** Runs after a message is accepted (and its idempotent answer stored), before the answer goes out. */
  beforeAnswer?: (message: DeliveredMessage) => Promise<void>;
  close(): Promise<void>;
}

export async function startResendStandIn(apiKey: string): Promise<ResendStandIn> {
  const requests: ReceivedRequest[] = [];
  const delivered: DeliveredMessage[] = [];
  const answered = new Map<string, { body: string; answer: { id: string } }>();
  let failures: { count: number; status: number } = { count: 0, status: 500 };

  const standIn: ResendStandIn = {
    url: '',
    requests,
    delivered,
    failNext: (count, status = 500) => (failures = { count, status }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    requests.push({ method: req.method!, path: req.url!, headers: req.headers, body });
    const reply = (status: number, payload: object) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };

    if (req.method !== 'POST' || req.url !== '/emails') return reply(404, { statusCode: 404, name: 'not_found', message: 'Not found' });
    if (req.headers.authorization !== `Bearer ${apiKey}`) return reply(401, { statusCode: 401, name: 'validation_error', message: 'API key is invalid' });
    if (failures.count > 0) {
      failures.count--;
      return reply(failures.status, { statusCode: failures.status, name: 'internal_server_error', message: 'Something went wrong on our side' });
    }
    const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : null;
    const previous = key ? answered.get(key) : undefined;
    if (previous) {
      if (previous.body !== raw) return reply(409, { statusCode: 409, name: 'invalid_idempotent_request', message: 'Same idempotency key used with a different request payload.' });
      return reply(200, previous.answer);
    }
    const message = { id: randomUUID(), idempotencyKey: key, body };
    delivered.push(message);
    if (key) answered.set(key, { body: raw, answer: { id: message.id } });
    await standIn.beforeAnswer?.(message);
    if (!res.destroyed) reply(200, { id: message.id });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  standIn.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return standIn;
}
