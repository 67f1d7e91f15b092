import 'server-only';
import PgBoss from 'pg-boss';
import { createDb, type Database } from '@/db/client';
import { clock } from '../clock';
import { log } from '../log';
import { purgeExpiredDrafts } from '../reports/customer';
import { purgeUnconfirmedConversations } from '../contact/submit';
import { bossDb } from './enqueue';
import { HANDLERS } from './handlers';
import { QUEUE_NAMES, type QueueName } from './queue-names';
import { purgeDueAccounts } from '../privacy/purge';
import { sweepLoginHistory, sweepMailBodies, sweepRawAnalytics, sweepSessions, sweepVerifications } from './sweeps';

/**
 * Background jobs on pg-boss (10.x, the last line for Node 20). Each job is a
 * plain function of (db, now) and idempotent, so a retried or duplicated run
 * does no harm; pg-boss only decides when it runs. Cron times are UTC and
 * pg-boss sends each scheduled job once per minute slot however many
 * instances run, and a `singleton` queue runs one at a time.
 */
export interface JobDefinition {
  name: string;
  /** Cron expression, UTC. */
  cron: string;
  run: (db: Database, now: Date) => Promise<unknown>;
}

export const JOBS: readonly JobDefinition[] = [
  { name: 'sweep-login-history', cron: '17 3 * * *', run: sweepLoginHistory },
  // Unconfirmed inaccuracy reports older than 24 h (never shown to staff).
  { name: 'purge-report-drafts', cron: '41 * * * *', run: (db, now) => purgeExpiredDrafts(now, db) },
  // Contact messages whose address nobody confirmed within 24 h (never shown to staff).
  { name: 'purge-unconfirmed-messages', cron: '43 * * * *', run: purgeUnconfirmedConversations },
  { name: 'sweep-mail-bodies', cron: '47 * * * *', run: sweepMailBodies },
  { name: 'sweep-sessions', cron: '23 * * * *', run: sweepSessions },
  { name: 'sweep-verifications', cron: '29 * * * *', run: sweepVerifications },
  { name: 'sweep-raw-analytics', cron: '5 * * * *', run: sweepRawAnalytics },
  // Accounts whose deletion grace period has ended (server/privacy/purge.ts): a purge is at most 10 minutes late.
  { name: 'purge-deleted-accounts', cron: '*/10 * * * *', run: purgeDueAccounts },
];

export interface Worker {
  boss: PgBoss;
  stop: () => Promise<void>;
}

/**
 * Starts pg-boss on `connectionString` (it creates its `pgboss` schema on first
 * start), creates the queues, registers the handlers and, unless told not to,
 * the cron schedules.
 */
export async function startWorker(opts: {
  connectionString: string;
  schedule?: boolean;
  pollingIntervalSeconds?: number;
  /** The database the jobs use; by default a pool of two connections of the worker's own. */
  db?: Database;
}): Promise<Worker> {
  const boss = new PgBoss({
    connectionString: opts.connectionString,
    application_name: 'account-center-jobs',
    max: 3,
    schedule: opts.schedule ?? true,
  });
  // An EventEmitter 'error' with no listener would crash the app; pg-boss reports connection trouble here and keeps going.
  boss.on('error', (error) => log.error({ event: 'jobs_error', error: { name: error.name, message: error.message } }));
  await boss.start();
  // Its own small pool: in the app process the worker shares nothing with the Next.js bundle's.
  const ownDb = opts.db ? null : createDb(opts.connectionString, { max: 2 });
  const db = opts.db ?? ownDb!;
  for (const job of JOBS) {
    await boss.createQueue(job.name, { name: job.name, policy: 'singleton', retryLimit: 3, retryDelay: 60, retryBackoff: true, expireInSeconds: 15 * 60 });
    await boss.work(job.name, { pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 10 }, async () => {
      const started = performance.now();
      const result = await job.run(db, clock.now());
      log.info({ event: 'job_done', job: job.name, result, durationMs: Math.round(performance.now() - started) });
      return { result };
    });
    if (opts.schedule ?? true) await boss.schedule(job.name, job.cron, {}, { tz: 'UTC' });
  }
  // On-demand queues exist already (db/migrate.ts creates them); this only listens.
  const listening = QUEUE_NAMES.filter((name) => HANDLERS[name]);
  for (const name of listening) {
    await boss.work(name, { pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 1 }, async ([job]) => {
      const started = performance.now();
      const result = await HANDLERS[name]!(db, job!.data as never, clock.now());
      log.info({ event: 'job_done', job: name, result, durationMs: Math.round(performance.now() - started) });
      return { result };
    });
  }
  log.info({ event: 'jobs_started', jobs: [...JOBS.map((j) => j.name), ...listening] });
  let stopping: Promise<void> | undefined;
  return {
    boss,
    // Waits for running jobs (up to 10 s), then closes pg-boss's connections and the worker's pool.
    stop: () =>
      (stopping ??= (async () => {
        await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
        await ownDb?.$client.end({ timeout: 5 });
      })()),
  };
}

/**
 * Runs the queued jobs of one queue to completion in this process, without a
 * worker: tests and the benchmark use it to drive jobs deterministically.
 * Jobs a handler sends meanwhile (the next batch) run too. Returns how many ran.
 */
export async function drainQueue(db: Database, name: QueueName, now = () => clock.now()): Promise<number> {
  const boss = new PgBoss({ db: bossDb(db), supervise: false, schedule: false, migrate: false });
  let ran = 0;
  for (;;) {
    const jobs = await boss.fetch<object>(name, { batchSize: 1 });
    if (!jobs?.length) return ran;
    for (const job of jobs) {
      try {
        await HANDLERS[name]!(db, job.data as never, now());
        await boss.complete(name, job.id);
      } catch (error) {
        await boss.fail(name, job.id, { message: (error as Error).message });
        throw error;
      }
      ran++;
    }
  }
}
