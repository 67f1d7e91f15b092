/**
 * On-demand pg-boss queues (jobs the app sends, as opposed to the cron sweeps
 * in worker.ts). Plain data, no server imports: `db/migrate.ts` creates these
 * queues along with pg-boss's schema, so a job can be sent inside any
 * transaction, in any process, before a worker has ever started.
 */
export const QUEUES = {
  /** Where pg-boss moves a `mail-deliver` job whose last retry failed (or expired): marks the row `failed`. Declared first: a queue's dead-letter queue must exist before it. */
  'mail-failed': { retryLimit: 3, retryDelay: 60, retryBackoff: true, expireInSeconds: 60 },
  /** One outbox row to the provider (Resend); the row's idempotency key makes a retry harmless. Retries back off over 16 to 32 minutes in all, well inside Resend's 24-hour idempotency window. */
  'mail-deliver': { retryLimit: 6, retryDelay: 15, retryBackoff: true, expireInSeconds: 120, deadLetter: 'mail-failed' },
  /** The next batch of a promotional campaign; each batch sends the one after it. */
  'campaign-batch': { retryLimit: 5, retryDelay: 5, retryBackoff: true, expireInSeconds: 15 * 60 },
  /** The next batch of "our policy changed" service emails. */
  'policy-notice-batch': { retryLimit: 5, retryDelay: 5, retryBackoff: true, expireInSeconds: 15 * 60 },
} as const;

export type QueueName = keyof typeof QUEUES;
export const QUEUE_NAMES = Object.keys(QUEUES) as QueueName[];
