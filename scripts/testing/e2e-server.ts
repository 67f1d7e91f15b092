/**
 * The server Playwright tests run against: a production build on a fresh
 * database cloned from the migrated template, on E2E_PORT (3100). It writes
 * `.data/e2e-env.json` so fixtures can reach the same database, and copies its
 * log lines to `.data/e2e-server.log` (stdout: the JSON log) and
 * `.data/e2e-server.stderr.log` (what Next.js and libraries print to the
 * console), which the test runner scans for secrets.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildIfNeeded, dataDir } from '../runtime';
import { serve } from '../serve';
import { ensureTestCluster, prepareTemplate, recreateDatabase, TEMPLATE_DB, TEST_SECRETS, testDatabaseUrls } from './cluster';

mkdirSync(dataDir, { recursive: true });
/** Copies everything written to `stream` into `file` as well. */
function tee(stream: NodeJS.WriteStream, file: string) {
  writeFileSync(file, '');
  const write = stream.write.bind(stream);
  stream.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    appendFileSync(file, chunk);
    return write(chunk, ...rest);
  }) as typeof stream.write;
}
const logName = `${process.env.E2E_DATABASE ?? 'e2e'}-server`;
tee(process.stdout, path.join(dataDir, `${logName}.log`));
tee(process.stderr, path.join(dataDir, `${logName}.stderr.log`));

const port = Number(process.env.E2E_PORT ?? 3100);
// The benchmark reuses this server with its own database and port.
const database = process.env.E2E_DATABASE ?? 'e2e';
const { adminUrl, embedded } = await ensureTestCluster();
if (!process.env.TEST_TEMPLATE_READY) await prepareTemplate(adminUrl);
await recreateDatabase(adminUrl, database, TEMPLATE_DB);

const urls = testDatabaseUrls(adminUrl, database);
// The server connects as the app's role; fixtures too (they only read and write rows).
const env = {
  DATABASE_URL: urls.app,
  ...TEST_SECRETS,
  APP_URL: `http://localhost:${port}`,
  DEFAULT_PHONE_REGION: 'GB',
  IDLE_WARNING_SECONDS: '120',
  DEV_MAIL_VIEWER: 'true',
};
Object.assign(process.env, env, { NODE_ENV: 'production' });
// The benchmark seeds bulk data and runs ANALYZE through the owner's URL.
writeFileSync(path.join(dataDir, `${database}-env.json`), JSON.stringify({ ...env, DATABASE_OWNER_URL: urls.owner, baseURL: env.APP_URL }, null, 2));

buildIfNeeded();
const server = await serve({ port });
console.log(`e2e server ready on ${env.APP_URL}`);

const stop = async () => {
  await server.close();
  await embedded?.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
