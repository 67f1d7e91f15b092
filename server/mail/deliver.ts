import 'server-only';
import { and, eq } from 'drizzle-orm';
import { Resend } from 'resend';
import type { Database } from '@/db/client';
import { outbox } from '@/db/schema';
import { env } from '../env';
import { log } from '../log';

/** Longer than Resend takes to answer, shorter than the job's 120 s expiry, so a hung call fails and retries rather than expiring. */
const SEND_TIMEOUT_MS = 30_000;

export type DeliveryResult = { outboxId: number; skipped: 'missing' | 'sent' | 'failed' } | { outboxId: number; sent: true; attempts: number };

type Outcome =
  | { skipped: 'missing' | 'sent' | 'failed' }
  | { refused: { name: string; statusCode: number | null }; attempts: number }
  | { sent: true; attempts: number; providerMessageId: string };

export class DeliveryError extends Error {
  override name = 'DeliveryError';
}

/**
 * The `mail-deliver` job: sends one queued outbox row through Resend.
 *
 * The row stays locked (`for update`) from the check to the update, so two
 * runs of the job cannot both send it, and a row already `sent` is left alone.
 * The row's idempotency key goes to Resend, so a run that sent the message but
 * died before marking it sent (crash, lost connection, expiry) is answered by
 * Resend with the first send instead of a second email. A refusal is recorded
 * on the row (attempts, last error) and thrown, and pg-boss retries with
 * backoff; after the last retry the job goes to `mail-failed` (markMailFailed).
 * Logs carry the row id only, never the address or the body.
 */
export async function deliverEmail(db: Database, data: { outboxId: number }, now: Date): Promise<DeliveryResult> {
  const { RESEND_API_KEY, RESEND_BASE_URL, MAIL_FROM } = env();
  if (!RESEND_API_KEY) throw new DeliveryError('RESEND_API_KEY is not set: queued email cannot be delivered');
  const resend = new Resend(RESEND_API_KEY, { baseUrl: RESEND_BASE_URL });
  const { outboxId } = data;

  const outcome = await db.transaction(async (tx): Promise<Outcome> => {
    const [row] = await tx.select().from(outbox).where(eq(outbox.id, outboxId)).for('update');
    if (!row || row.channel !== 'email') return { skipped: 'missing' };
    if (row.status !== 'queued') return { skipped: row.status };

    const attempts = row.attempts + 1;
    let answer: Awaited<ReturnType<typeof resend.emails.send>>;
    try {
      answer = await resend.emails.send(
        { from: MAIL_FROM, to: row.recipient, subject: row.subject ?? '', text: row.text, html: row.html ?? undefined, headers: row.headers ?? undefined },
        { idempotencyKey: row.idempotencyKey, signal: AbortSignal.timeout(SEND_TIMEOUT_MS) },
      );
    } catch (error) {
      answer = { data: null, error: { name: 'application_error', statusCode: null, message: (error as Error).message }, headers: null };
    }
    if (answer.error || !answer.data) {
      const error = answer.error ?? { name: 'application_error', statusCode: null, message: 'empty answer' };
      await tx
        .update(outbox)
        .set({ attempts, lastError: `${error.name} (${error.statusCode ?? 'no answer'}): ${error.message}`.slice(0, 1000) })
        .where(eq(outbox.id, outboxId));
      return { refused: { name: error.name, statusCode: error.statusCode }, attempts };
    }
    await tx.update(outbox).set({ status: 'sent', attempts, providerMessageId: answer.data.id, sentAt: now }).where(eq(outbox.id, outboxId));
    return { sent: true, attempts, providerMessageId: answer.data.id };
  });

  if ('skipped' in outcome) return { outboxId, skipped: outcome.skipped };
  if ('refused' in outcome) {
    // The error's name and status only: Resend's message may quote the address.
    log.warn({ event: 'mail_delivery_refused', outboxId, attempt: outcome.attempts, error: outcome.refused });
    throw new DeliveryError(`Resend did not accept outbox message ${outboxId}: ${outcome.refused.name} (${outcome.refused.statusCode ?? 'no answer'})`);
  }
  log.info({ event: 'mail_sent', outboxId, attempts: outcome.attempts, providerMessageId: outcome.providerMessageId });
  return { outboxId, sent: true, attempts: outcome.attempts };
}

/**
 * The `mail-failed` job (the dead-letter queue of `mail-deliver`): the last
 * retry failed or expired, so the row ends `failed` and an operator is told,
 * by id. A row that got sent meanwhile stays `sent`.
 */
export async function markMailFailed(db: Database, data: { outboxId: number }): Promise<{ outboxId: number; failed: boolean }> {
  const [row] = await db
    .update(outbox)
    .set({ status: 'failed' })
    .where(and(eq(outbox.id, data.outboxId), eq(outbox.status, 'queued')))
    .returning({ attempts: outbox.attempts, lastError: outbox.lastError });
  if (row) log.error({ event: 'mail_failed', outboxId: data.outboxId, attempts: row.attempts });
  return { outboxId: data.outboxId, failed: Boolean(row) };
}
