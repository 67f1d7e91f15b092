/**
 * `npm test`: every check, on real Postgres and a real browser, ending with one
 * line `N passed, N failed` that totals them all.
 *   typecheck (1) · lint (1) · vitest (each test) · Playwright (each test per project) · log hygiene (1)
 * Uses TEST_ADMIN_URL (a real Postgres admin URL) when set, else the embedded Postgres.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { buildIfNeeded, dataDir, root } from './runtime';
import { ensureTestCluster, prepareTemplate, TEST_SECRETS, withDatabase } from './testing/cluster';
import { leakedSecrets, readScanInputs } from './testing/log-scan';

type Tally = { name: string; passed: number; failed: number; skipped: number; seconds: number };
const tallies: Tally[] = [];
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

function run(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  const started = Date.now();
  console.log(`\n▶ ${name}: ${path.basename(cmd)} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, env, stdio: 'inherit' });
  return { ok: r.status === 0, seconds: (Date.now() - started) / 1000 };
}

function single(name: string, cmd: string, args: string[]) {
  const r = run(name, cmd, args);
  tallies.push({ name, passed: r.ok ? 1 : 0, failed: r.ok ? 0 : 1, skipped: 0, seconds: r.seconds });
}

const readJson = <T>(file: string): T | null => (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : null);

single('typecheck', bin('tsc'), ['--noEmit']);
single('lint', bin('eslint'), ['.', '--max-warnings=0']);

const { adminUrl, embedded } = await ensureTestCluster();
try {
  await prepareTemplate(adminUrl);
  const testEnv = { ...process.env, TEST_ADMIN_URL: adminUrl, TEST_TEMPLATE_READY: '1' };

  const vitestJson = path.join(dataDir, 'vitest.json');
  rmSync(vitestJson, { force: true });
  const v = run('unit and integration (vitest)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`], testEnv);
  const vr = readJson<{ numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number }>(vitestJson);
  tallies.push(
    vr
      ? { name: 'vitest', passed: vr.numPassedTests, failed: vr.numFailedTests + (v.ok || vr.numFailedTests ? 0 : 1), skipped: vr.numPendingTests + vr.numTodoTests, seconds: v.seconds }
      : { name: 'vitest (no report)', passed: 0, failed: 1, skipped: 0, seconds: v.seconds },
  );

  // The e2e server builds if needed; building here first keeps its output readable.
  Object.assign(process.env, { ...TEST_SECRETS, DATABASE_URL: withDatabase(adminUrl, 'e2e') });
  buildIfNeeded();

  const pwJson = path.join(dataDir, 'playwright.json');
  rmSync(pwJson, { force: true });
  rmSync(path.join(dataDir, 'typed-secrets.txt'), { force: true });
  const p = run('browser (playwright)', bin('playwright'), ['test'], { ...testEnv, PLAYWRIGHT_JSON: pwJson, E2E_FRESH: '1' });
  const pr = readJson<{ stats: { expected: number; unexpected: number; flaky: number; skipped: number } }>(pwJson);
  tallies.push(
    pr
      ? { name: 'playwright', passed: pr.stats.expected + pr.stats.flaky, failed: pr.stats.unexpected + (p.ok || pr.stats.unexpected ? 0 : 1), skipped: pr.stats.skipped, seconds: p.seconds }
      : { name: 'playwright (no report)', passed: 0, failed: 1, skipped: 0, seconds: p.seconds },
  );

  tallies.push(checkLogsForSecrets());
} finally {
  await embedded?.stop();
}

/**
 * Every secret the tests typed or read from a message (e2e/fixtures.ts `typed`,
 * `recordMailSecrets`: passwords, PINs, emailed links' tokens and codes) must be
 * absent from the server's log, stdout and stderr alike.
 */
function checkLogsForSecrets(): Tally {
  const name = 'logs contain no typed secret';
  const secretsFile = path.join(dataDir, 'typed-secrets.txt');
  const logFiles = ['e2e-server.log', 'e2e-server.stderr.log'].map((f) => path.join(dataDir, f));
  const { secrets, log, missing: absent } = readScanInputs(secretsFile, logFiles);
  const leaked = leakedSecrets(secrets, log);
  const missing = absent.map((f) => path.basename(f));
  const ok = secrets.length > 0 && log.length > 0 && leaked.length === 0 && missing.length === 0;
  console.log(
    `\n▶ ${name}: ${secrets.length} secrets checked against ${log.split('\n').length} lines of ${logFiles.map((f) => path.basename(f)).join(' and ')}; ${leaked.length} found` +
      `${secrets.length ? '' : ' (no secrets were recorded: failing)'}${missing.length ? ` (missing: ${missing.join(', ')}: failing)` : ''}`,
  );
  return { name, passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0, seconds: 0 };
}

console.log('\nSummary');
for (const t of tallies) console.log(`  ${t.name.padEnd(32)} ${String(t.passed).padStart(4)} passed ${String(t.failed).padStart(3)} failed${t.skipped ? ` ${t.skipped} skipped` : ''}  (${t.seconds.toFixed(0)} s)`);
const passed = tallies.reduce((n, t) => n + t.passed, 0);
const failed = tallies.reduce((n, t) => n + t.failed, 0);
const skipped = tallies.reduce((n, t) => n + t.skipped, 0);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed ? 1 : 0);
