import 'server-only';
import PgBoss from 'pg-boss';
import { createDb, type Database } from '@/db/client';
import { clock } from '../clock';
import { log, serializeError, toSafeError } from '../log';
import { purgeExpiredDrafts } from '../reports/customer';
import { purgeUnconfirmedConversations } from '../contact/submit';
import { bossDb } from './enqueue';
import { HANDLERS } from './handlers';
import { CRON_JOBS, QUEUE_NAMES, type CronJobName, type QueueName } from './queue-names';
import { purgeDueAccounts } from '../privacy/purge';
import { sweepLoginHistory, sweepMailBodies, sweepRawAnalytics, sweepSessions, sweepThrottles, sweepVerifications } from './sweeps';

/**
 * Background jobs on pg-boss (10.x, the last line for Node 20). Each job is a
 * plain function of (db, now) and idempotent, so a retried or duplicated run
 * does no harm; pg-boss only decides when it runs. Cron times are UTC and
 * pg-boss sends each scheduled job once per minute slot however many
 * instances run, and a `singleton` queue runs one at a time.
 */
export interface JobDefinition {
  name: CronJobName;
  /** Cron expression, UTC. */
  cron: string;
  run: (db: Database, now: Date) => Promise<unknown>;
}

const RUN: Record<CronJobName, JobDefinition['run']> = {
  'sweep-login-history': sweepLoginHistory,
  'purge-report-drafts': (db, now) => purgeExpiredDrafts(now, db),
  'purge-unconfirmed-messages': purgeUnconfirmedConversations,
  'sweep-mail-bodies': sweepMailBodies,
  'sweep-sessions': sweepSessions,
  'sweep-verifications': sweepVerifications,
  'sweep-throttles': sweepThrottles,
  'sweep-raw-analytics': sweepRawAnalytics,
  'purge-deleted-accounts': purgeDueAccounts,
};

/** Every cron job with its schedule (server/jobs/queue-names.ts) and its function. */
export const JOBS: readonly JobDefinition[] = (Object.keys(CRON_JOBS) as CronJobName[]).map((name) => ({ name, cron: CRON_JOBS[name], run: RUN[name] }));

/**
 * A handler whose failure is logged once and handed to pg-boss in the safe
 * form: pg-boss stores a failed job's error, every enumerable field of it, in
 * its table (a failed query's parameters included).
 */
function safely<A extends unknown[], R>(job: string, handler: (...args: A) => Promise<R>) {
  return async (...args: A): Promise<R> => {
    try {
      return await handler(...args);
    } catch (err) {
      log.error({ event: 'job_failed', job, err });
      throw toSafeError(err);
    }
  };
}

export interface Worker {
  boss: PgBoss;
  stop: () => Promise<void>;
}

/**
 * Starts pg-boss on `connectionString` (its schema and every queue exist:
 * db/migrate.ts), registers the handlers and, unless told not to, the cron
 * schedules.
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
  boss.on('error', (err) => log.error({ event: 'jobs_error', err }));
  await boss.start();
  // Its own small pool: in the app process the worker shares nothing with the Next.js bundle's.
  const ownDb = opts.db ? null : createDb(opts.connectionString, { max: 2 });
  const db = opts.db ?? ownDb!;
  for (const job of JOBS) {
    await boss.work(job.name, { pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 10 }, safely(job.name, async () => {
      const started = performance.now();
      const result = await job.run(db, clock.now());
      log.info({ event: 'job_done', job: job.name, result, durationMs: Math.round(performance.now() - started) });
      return { result };
    }));
    if (opts.schedule ?? true) await boss.schedule(job.name, job.cron, {}, { tz: 'UTC' });
  }
  // On-demand queues exist already (db/migrate.ts creates them); this only listens.
  const listening = QUEUE_NAMES.filter((name) => HANDLERS[name]);
  for (const name of listening) {
    await boss.work(name, { pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 1 }, safely(name, async ([job]: PgBoss.Job<object>[]) => {
      const started = performance.now();
      const result = await HANDLERS[name]!(db, job!.data as never, clock.now());
      log.info({ event: 'job_done', job: name, result, durationMs: Math.round(performance.now() - started) });
      return { result };
    }));
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
        await boss.fail(name, job.id, { message: serializeError(error).message });
        throw error;
      }
      ran++;
    }
  }
}
