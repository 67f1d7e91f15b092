import { spawn } from 'node:child_process';
import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { outbox } from '@/db/schema';
import { startResendStandIn, type ResendStandIn } from '@/scripts/testing/resend-stand-in';
import { env } from '../env';
import { drainQueue } from '../jobs/worker';
import { log } from '../log';
import { deliverEmail } from './deliver';
import { renderEmail } from './layout';
import { mail, sms } from './transport';

/*
 * The Resend path end to end with the real SDK, against a local stand-in for
 * the Resend API: RESEND_API_KEY and RESEND_BASE_URL are set before anything
 * reads the environment, as a deployment would set them.
 */
const API_KEY = 're_test_0123456789';
const now = new Date('2030-04-01T10:00:00Z');
let api: ResendStandIn;
const saved = { key: process.env.RESEND_API_KEY, base: process.env.RESEND_BASE_URL, viewer: process.env.DEV_MAIL_VIEWER };

beforeAll(async () => {
  api = await startResendStandIn(API_KEY);
  process.env.RESEND_API_KEY = API_KEY;
  process.env.RESEND_BASE_URL = api.url;
  // The viewer turned on too, to show that Resend alone closes it.
  process.env.DEV_MAIL_VIEWER = 'true';
});
afterAll(async () => {
  await api.close();
  process.env.RESEND_API_KEY = saved.key;
  process.env.RESEND_BASE_URL = saved.base;
  process.env.DEV_MAIL_VIEWER = saved.viewer;
});
afterEach(() => {
  api.requests.length = 0;
  api.delivered.length = 0;
  api.failNext(0);
  api.beforeAnswer = undefined;
  vi.restoreAllMocks();
});

let n = 0;
/** Sends one email through `mail` (the configured transport) and returns its outbox row id. */
async function queueOne(extra: { headers?: Record<string, string> } = {}) {
  const to = `reader${++n}@example.test`;
  const rendered = await renderEmail(`Message ${n}`, [`Hello reader ${n} & friends.`], { label: 'Open', url: 'https://app.example/open' });
  await mail.sendEmail({ to, ...rendered, ...extra });
  const [row] = await getDb().select().from(outbox).where(eq(outbox.recipient, to));
  return { row: row!, to, rendered };
}
const rowById = async (id: number) => (await getDb().select().from(outbox).where(eq(outbox.id, id)))[0]!;
const jobs = async (name: string) => getDb().execute<{ data: { outboxId: number }; state: string }>(sql`select data, state from pgboss.job where name = ${name} order by created_on`);
/** Lets the backoff pass: retries become due now instead of in 15+ seconds. */
const backoffElapses = () => getDb().execute(sql`update pgboss.job set start_after = now() where name = 'mail-deliver' and state = 'retry'`);

describe('the Resend transport (RESEND_API_KEY set)', () => {
  it("writes the row as queued and its delivery job in the caller's transaction, or neither", async () => {
    const before = (await jobs('mail-deliver')).length;
    await getDb()
      .transaction(async (tx) => {
        await mail.sendEmail({ to: 'rolled-back@example.test', subject: 's', text: 't' }, tx);
        throw new Error('the change that caused the email fails');
      })
      .catch(() => {});
    expect(await getDb().select().from(outbox).where(eq(outbox.recipient, 'rolled-back@example.test'))).toEqual([]);
    expect((await jobs('mail-deliver')).length).toBe(before);

    const id = await getDb().transaction(async (tx) => {
      await mail.sendEmail({ to: 'committed@example.test', subject: 's', text: 't' }, tx);
      return (await tx.select({ id: outbox.id }).from(outbox).where(eq(outbox.recipient, 'committed@example.test')))[0]!.id;
    });
    const row = await rowById(id);
    expect(row).toMatchObject({ status: 'queued', sentAt: null, attempts: 0, providerMessageId: null });
    expect((await jobs('mail-deliver')).map((j) => j.data)).toContainEqual({ outboxId: id });
    await drainQueue(getDb(), 'mail-deliver', () => now);
  });

  it('delivers through the SDK: from, to, subject, both parts and the List-Unsubscribe headers, with the key and the idempotency key', async () => {
    const headers = { 'List-Unsubscribe': '<https://app.example/api/unsubscribe?token=abc>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
    const { row, to, rendered } = await queueOne({ headers });
    expect(await drainQueue(getDb(), 'mail-deliver', () => now)).toBe(1);

    expect(api.requests).toHaveLength(1);
    const [request] = api.requests;
    expect(request!.method).toBe('POST');
    expect(request!.path).toBe('/emails');
    expect(request!.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(request!.headers['idempotency-key']).toBe(row.idempotencyKey);
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.body).toEqual({ from: 'Account Center <no-reply@account.example>', to, subject: rendered.subject, html: rendered.html, text: rendered.text, headers });

    expect(await rowById(row.id)).toMatchObject({ status: 'sent', attempts: 1, providerMessageId: api.delivered[0]!.id, sentAt: now, lastError: null });
  });

  it('(a) a job run again for a row already sent calls the API no more', async () => {
    const { row } = await queueOne();
    expect(await deliverEmail(getDb(), { outboxId: row.id }, now)).toEqual({ outboxId: row.id, sent: true, attempts: 1 });
    expect(await deliverEmail(getDb(), { outboxId: row.id }, now)).toEqual({ outboxId: row.id, skipped: 'sent' });
    expect(await drainQueue(getDb(), 'mail-deliver', () => now)).toBe(1); // the queued job itself: a third run
    expect(api.requests).toHaveLength(1);
    expect(api.delivered).toHaveLength(1);
    expect((await rowById(row.id)).attempts).toBe(1);
  });

  it('(a) two runs at once send once: the second waits for the row lock, then sees it sent', async () => {
    const { row } = await queueOne();
    const results = await Promise.all([deliverEmail(getDb(), { outboxId: row.id }, now), deliverEmail(getDb(), { outboxId: row.id }, now)]);
    expect(results).toContainEqual({ outboxId: row.id, skipped: 'sent' });
    expect(api.requests).toHaveLength(1);
    await drainQueue(getDb(), 'mail-deliver', () => now);
  });

  it('(b) a crash after Resend accepted the message but before it was marked sent: the retry sends the same idempotency key and one message is delivered', { timeout: 30_000 }, async () => {
    const { row } = await queueOne();
    // A worker process runs the delivery and is killed while Resend answers: "sent" is never written, its transaction dies with it.
    const worker = spawn(process.execPath, ['--import', './scripts/register-server-conditions.mjs', '--import', 'tsx', 'scripts/testing/deliver-once.ts', String(row.id)], { env: process.env, stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => worker.on('exit', (_code, signal) => resolve(signal)));
    api.beforeAnswer = async () => {
      worker.kill('SIGKILL');
      await exited;
    };
    expect(await exited).toBe('SIGKILL');
    api.beforeAnswer = undefined;
    expect(api.delivered).toHaveLength(1);
    expect(await rowById(row.id)).toMatchObject({ status: 'queued', attempts: 0, providerMessageId: null });

    // The job runs again (pg-boss retries a job whose worker died once it expires).
    expect(await drainQueue(getDb(), 'mail-deliver', () => now)).toBe(1);
    expect(api.requests).toHaveLength(2);
    expect(api.requests.map((r) => r.headers['idempotency-key'])).toEqual([row.idempotencyKey, row.idempotencyKey]);
    expect(api.delivered).toHaveLength(1);
    expect(await rowById(row.id)).toMatchObject({ status: 'sent', attempts: 1, providerMessageId: api.delivered[0]!.id });
  });

  it('(c) a 500 then a 200: one message delivered, both attempts recorded', async () => {
    const { row } = await queueOne();
    api.failNext(1, 500);
    await expect(drainQueue(getDb(), 'mail-deliver', () => now)).rejects.toThrow(/internal_server_error \(500\)/);
    expect(await rowById(row.id)).toMatchObject({ status: 'queued', attempts: 1, lastError: 'internal_server_error (500): Something went wrong on our side' });
    expect((await jobs('mail-deliver')).at(-1)!.state).toBe('retry');

    await backoffElapses();
    expect(await drainQueue(getDb(), 'mail-deliver', () => now)).toBe(1);
    expect(api.requests.map((r) => r.headers['idempotency-key'])).toEqual([row.idempotencyKey, row.idempotencyKey]);
    expect(api.delivered).toHaveLength(1);
    expect(await rowById(row.id)).toMatchObject({ status: 'sent', attempts: 2, sentAt: now });
  });

  it('after the last retry the row ends failed, and the logs name the row, never the address or the body', async () => {
    const { row, to } = await queueOne();
    const lines: unknown[] = [];
    for (const level of ['info', 'warn', 'error'] as const) vi.spyOn(log, level).mockImplementation(((o: unknown) => void lines.push(o)) as never);
    api.failNext(100, 503);
    // retryLimit 6: the first run and six retries.
    for (let attempt = 1; attempt <= 7; attempt++) {
      await expect(drainQueue(getDb(), 'mail-deliver', () => now)).rejects.toThrow(/\(503\)/);
      await backoffElapses();
    }
    expect(await drainQueue(getDb(), 'mail-deliver', () => now)).toBe(0);
    expect(await rowById(row.id)).toMatchObject({ status: 'queued', attempts: 7 });

    // pg-boss moved the spent job to the dead-letter queue; its handler settles the row.
    expect((await jobs('mail-failed')).map((j) => j.data)).toEqual([{ outboxId: row.id }]);
    expect(await drainQueue(getDb(), 'mail-failed', () => now)).toBe(1);
    expect(await rowById(row.id)).toMatchObject({ status: 'failed', attempts: 7, sentAt: null });
    expect(api.delivered).toHaveLength(0);

    expect(lines).toContainEqual({ event: 'mail_failed', outboxId: row.id, attempts: 7 });
    expect(lines.filter((l) => (l as { event: string }).event === 'mail_delivery_refused')).toHaveLength(7);
    const logged = JSON.stringify(lines);
    expect(logged).not.toContain(to);
    expect(logged).not.toContain('Hello reader');
  });

  it('a row that failed is not sent by a stray job', async () => {
    const { row } = await queueOne();
    await getDb().update(outbox).set({ status: 'failed' }).where(eq(outbox.id, row.id));
    expect(await drainQueue(getDb(), 'mail-deliver', () => now)).toBe(1);
    expect(api.requests).toHaveLength(0);
  });

  it('SMS stays on the outbox: the row is the delivery, no job', async () => {
    const before = (await jobs('mail-deliver')).length;
    await sms.sendSms({ to: '+447700900999', text: 'Your code is 123456' });
    const [row] = await getDb().select().from(outbox).where(eq(outbox.recipient, '+447700900999'));
    expect(row).toMatchObject({ channel: 'sms', status: 'sent' });
    expect((await jobs('mail-deliver')).length).toBe(before);
  });
});

describe('/dev/mail with RESEND_API_KEY set', () => {
  it('answers 404 even where the viewer is turned on', async () => {
    expect(env()).toMatchObject({ DEV_MAIL_VIEWER: true, RESEND_API_KEY: API_KEY });
    const { default: DevMailPage } = await import('@/app/dev/mail/page');
    await expect(DevMailPage()).rejects.toMatchObject({ digest: 'NEXT_HTTP_ERROR_FALLBACK;404' });
  });
});
