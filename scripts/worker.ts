/**
 * `npm run worker`: the background jobs (server/jobs) as their own process, for
 * when the app is scaled out and its instances run with RUN_WORKER=false. Needs
 * DATABASE_URL; run it with `server-only` resolved as on the server (the npm script
 * does, through scripts/register-server-conditions.mjs).
 * Ctrl-C lets running jobs finish, then exits.
 */
import { startWorker } from '../server/jobs/worker';
import { guardConsole, log } from '../server/log';

// Errors that reach the console (pg-boss, the postgres driver) print without their values, as in the app.
guardConsole();
// Node would print an unhandled rejection raw before exiting: log it safely, then exit as Node would.
process.on('unhandledRejection', (err) => {
  log.fatal({ event: 'unhandled_rejection', err });
  process.exit(1);
});

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set. `npm start` runs the worker inside the app; to run it on its own, point DATABASE_URL at the app database.');
  process.exit(1);
}

const worker = await startWorker({ connectionString: url });
console.log('Worker running: retention sweeps and analytics roll-up on pg-boss. Press Ctrl-C to stop.');

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the worker ...`);
  await worker.stop();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
