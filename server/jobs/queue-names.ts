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

/**
 * The cron jobs (worker.ts gives each its function) and their schedules, UTC.
 * Plain data too: `db/migrate.ts` creates their queues, and pg-boss's own cron
 * queue, as the owner, because the app's database role may not create tables
 * (a pg-boss queue is a partition table; docs/decisions/020).
 */
export const CRON_JOBS = {
  'sweep-login-history': '17 3 * * *',
  // Unconfirmed inaccuracy reports older than 24 h (never shown to staff).
  'purge-report-drafts': '41 * * * *',
  // Contact messages whose address nobody confirmed within 24 h (never shown to staff).
  'purge-unconfirmed-messages': '43 * * * *',
  'sweep-mail-bodies': '47 * * * *',
  'sweep-sessions': '23 * * * *',
  'sweep-verifications': '29 * * * *',
  'sweep-throttles': '53 * * * *',
  'sweep-raw-analytics': '5 * * * *',
  // Accounts whose deletion grace period has ended (server/privacy/purge.ts): a purge is at most 10 minutes late.
  'purge-deleted-accounts': '*/10 * * * *',
} as const;
export type CronJobName = keyof typeof CRON_JOBS;
/** One run at a time per cron job, retried a few times, given up after 15 minutes. */
export const CRON_QUEUE_OPTIONS = { policy: 'singleton', retryLimit: 3, retryDelay: 60, retryBackoff: true, expireInSeconds: 15 * 60 } as const;
/** pg-boss's timekeeper sends due cron jobs through this queue; it creates it on start only when it may. */
export const PGBOSS_CRON_QUEUE = '__pgboss__send-it';
