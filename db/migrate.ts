import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import PgBoss from 'pg-boss';
import postgres from 'postgres';
import { CRON_JOBS, CRON_QUEUE_OPTIONS, PGBOSS_CRON_QUEUE, QUEUES } from '../server/jobs/queue-names';
import { APP_ROLE } from './roles';

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'drizzle');

/** How many migrations are committed in `drizzle/` (the journal). */
export function committedMigrations(): number {
  return (JSON.parse(readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] }).entries.length;
}

/**
 * Applies the committed SQL migrations in `drizzle/` (never generated at run
 * time), then pg-boss's own schema and every queue (on-demand, cron, and
 * pg-boss's cron queue), so the app can send jobs inside its transactions
 * before any worker has started. Runs as the owner of the schema: a queue is a
 * table, which the app's role may not create, and the app's role gets its
 * grants on pg-boss's tables here (docs/decisions/020).
 */
export async function runMigrations(url: string) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await migrate(drizzle(sql), { migrationsFolder });
  } finally {
    await sql.end();
  }
  const boss = new PgBoss({ connectionString: url, max: 1, supervise: false, schedule: false, application_name: 'account-center-migrate' });
  boss.on('error', () => {});
  await boss.start();
  const queues: [string, object][] = [
    ...Object.entries(QUEUES),
    ...Object.keys(CRON_JOBS).map((name): [string, object] => [name, CRON_QUEUE_OPTIONS]),
    [PGBOSS_CRON_QUEUE, {}],
  ];
  try {
    for (const [name, options] of queues) {
      if (await boss.getQueue(name)) await boss.updateQueue(name, { name, ...options });
      else await boss.createQueue(name, { name, ...options });
    }
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
  await grantJobTables(url);
}

/** The app's role uses pg-boss's tables (send, fetch, complete, maintenance) and owns none of them. */
async function grantJobTables(url: string) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`
      grant usage on schema pgboss to ${APP_ROLE};
      grant select, insert, update, delete on all tables in schema pgboss to ${APP_ROLE};
      grant usage, select on all sequences in schema pgboss to ${APP_ROLE};`);
  } finally {
    await sql.end();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  // As the owner of the schema when given (the app's own role may not change it).
  const url = process.env.DATABASE_OWNER_URL ?? process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_OWNER_URL (or DATABASE_URL) is not set. `npm start` runs migrations itself on the embedded Postgres.');
    process.exit(1);
  }
  await runMigrations(url);
  console.log('migrations applied');
}
