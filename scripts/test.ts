/**
 * `npm test`: every check, on real Postgres and a real browser, ending with one
 * line `N passed, N failed` that totals them all.
 *   typecheck (1) · lint (1) · vitest (each test) · Playwright (each test per project) · log hygiene (1)
 * Uses TEST_ADMIN_URL (a real Postgres admin URL) when set, else the embedded Postgres.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { buildCommand, dataDir, needsBuild, root } from './runtime';
import { ensureTestCluster, prepareTemplate, TEST_SECRETS, withDatabase } from './testing/cluster';
import { leakedSecrets, readScanInputs } from './testing/log-scan';

type Tally = { name: string; passed: number; failed: number; skipped: number; seconds: number };
const tallies: Tally[] = [];
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

/**
 * Runs a command to its end. With `logFile` its output goes there instead of the terminal: the checks that run
 * beside vitest would otherwise interleave with its output.
 */
function run(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env, logFile?: string): Promise<{ ok: boolean; seconds: number }> {
  const started = Date.now();
  const heading = `\n▶ ${name}: ${path.basename(cmd)} ${args.join(' ')}`;
  if (!logFile) console.log(heading);
  const fd = logFile ? openSync(logFile, 'w') : null;
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: fd === null ? 'inherit' : ['ignore', fd, fd] });
    const done = (ok: boolean) => {
      if (fd !== null) {
        closeSync(fd);
        console.log(`${heading}  (ran beside vitest)\n${readFileSync(logFile!, 'utf8').trimEnd()}`);
      }
      resolve({ ok, seconds: (Date.now() - started) / 1000 });
    };
    child.on('error', () => done(false));
    child.on('close', (code) => done(code === 0));
  });
}

const single = (name: string, r: { ok: boolean; seconds: number }): Tally => ({ name, passed: r.ok ? 1 : 0, failed: r.ok ? 0 : 1, skipped: 0, seconds: r.seconds });

const readJson = <T>(file: string): T | null => (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : null);

const { adminUrl, embedded } = await ensureTestCluster();
try {
  await prepareTemplate(adminUrl);
  const testEnv = { ...process.env, TEST_ADMIN_URL: adminUrl, TEST_TEMPLATE_READY: '1' };
  // What the e2e server and the build read (the build runs with the e2e database's environment, as the server does).
  Object.assign(process.env, { ...TEST_SECRETS, DATABASE_URL: withDatabase(adminUrl, 'e2e') });

  // The type check, lint and production build run one after another beside vitest, which spends much of its time
  // waiting on Postgres: on two cores the three fit in its run instead of adding about two minutes (record 036).
  // The build comes after the type check, never with it: it writes the route types tsc reads.
  const beside = (async () => {
    const checks = [single('typecheck', await run('typecheck', bin('tsc'), ['--noEmit'], process.env, path.join(dataDir, 'typecheck.log')))];
    checks.push(single('lint', await run('lint', bin('eslint'), ['.', '--max-warnings=0'], process.env, path.join(dataDir, 'lint.log'))));
    const build = needsBuild() ? buildCommand() : null;
    const built = build ? await run('build', build.cmd, build.args, build.env, path.join(dataDir, 'build.log')) : { ok: true };
    return { checks, built: built.ok };
  })();

  const vitestJson = path.join(dataDir, 'vitest.json');
  rmSync(vitestJson, { force: true });
  const v = await run('unit and integration (vitest)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`], testEnv);
  const vr = readJson<{ numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number }>(vitestJson);
  const { checks, built } = await beside;
  tallies.push(...checks);
  tallies.push(
    vr
      ? { name: 'vitest', passed: vr.numPassedTests, failed: vr.numFailedTests + (v.ok || vr.numFailedTests ? 0 : 1), skipped: vr.numPendingTests + vr.numTodoTests, seconds: v.seconds }
      : { name: 'vitest (no report)', passed: 0, failed: 1, skipped: 0, seconds: v.seconds },
  );
  if (!built) throw new Error('next build failed (its output is above)');

  const pwJson = path.join(dataDir, 'playwright.json');
  rmSync(pwJson, { force: true });
  rmSync(path.join(dataDir, 'typed-secrets.txt'), { force: true });
  const p = await run('browser (playwright)', bin('playwright'), ['test'], { ...testEnv, PLAYWRIGHT_JSON: pwJson, E2E_FRESH: '1' });
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
