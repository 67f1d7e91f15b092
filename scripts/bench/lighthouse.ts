/**
 * Lighthouse 12 (its default: mobile, simulated slow 4G and a 4× slower CPU) on
 * `/sign-in` and the signed-in `/account` against the public `/privacy`, in the
 * same run: performance and accessibility scores. Each page is audited
 * BENCH_LIGHTHOUSE_RUNS times (default 3) and the median kept, in one Chromium
 * (CHROME_PATH, else /usr/bin/chromium); without one the section says so and is skipped.
 * BENCH_LIGHTHOUSE_JSON=<dir> also writes each audit's full report there
 * (`account-1.json`, …): its bootup-time, mainthread-work-breakdown and
 * long-tasks audits say where the main thread's time went.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const FLAGS = ['--headless=new', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export async function benchLighthouse(base: string, cookie: string, cookieName: string) {
  const chromePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromePath)) {
    console.log(`\nlighthouse: skipped, no Chromium at ${chromePath} (set CHROME_PATH, or apt-get install chromium)\n`);
    return;
  }
  const { default: lighthouse } = await import('lighthouse');
  const chromeLauncher = await import('chrome-launcher');
  const runs = Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 3);
  const jsonDir = process.env.BENCH_LIGHTHOUSE_JSON;
  if (jsonDir) mkdirSync(jsonDir, { recursive: true });
  const chrome = await chromeLauncher.launch({ chromePath, chromeFlags: FLAGS, logLevel: 'silent' });
  type Scores = { performance: number; accessibility: number; lcp: number; tbt: number; failing: string[] };
  const audit = async (pathname: string, headers?: Record<string, string>): Promise<Scores> => {
    const all: Scores[] = [];
    for (let i = 0; i < runs; i++) {
      const result = await lighthouse(`${base}${pathname}`, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility'], ...(headers ? { extraHeaders: headers } : {}) });
      const lhr = result?.lhr;
      if (!lhr) throw new Error(`lighthouse gave no result for ${pathname}`);
      if (jsonDir) writeFileSync(path.join(jsonDir, `${pathname.replace(/\W+/g, '-').replace(/^-/, '')}-${i + 1}.json`), JSON.stringify(lhr));
      if (lhr.finalDisplayedUrl && new URL(lhr.finalDisplayedUrl).pathname !== pathname) throw new Error(`lighthouse: ${pathname} ended on ${lhr.finalDisplayedUrl}`);
      const a11y = lhr.categories.accessibility!;
      all.push({
        performance: lhr.categories.performance!.score ?? 0,
        accessibility: a11y.score ?? 0,
        lcp: Number(lhr.audits['largest-contentful-paint']?.numericValue ?? NaN),
        tbt: Number(lhr.audits['total-blocking-time']?.numericValue ?? NaN),
        failing: a11y.auditRefs.filter((r) => r.weight > 0 && (lhr.audits[r.id]?.score ?? 1) < 1).map((r) => r.id),
      });
    }
    all.sort((x, y) => x.performance - y.performance);
    return all[Math.floor(all.length / 2)]!;
  };
  try {
    const privacy = await audit('/privacy');
    const signIn = await audit('/sign-in');
    const account = await audit('/account', { cookie });
    console.log(`\nlighthouse ${(await import('lighthouse/package.json', { with: { type: 'json' } })).default.version} mobile (median of ${runs}; performance, accessibility, LCP, TBT):`);
    for (const [p, s] of [['/privacy (reference)', privacy], ['/sign-in', signIn], ['/account (signed in)', account]] as const)
      console.log(`  ${p.padEnd(22)} performance ${s.performance.toFixed(2)}   accessibility ${s.accessibility.toFixed(2)}   LCP ${s.lcp.toFixed(0)} ms   TBT ${s.tbt.toFixed(0)} ms${s.failing.length ? `   failing: ${s.failing.join(', ')}` : ''}`);
    for (const [p, s] of [['/sign-in', signIn], ['/account', account]] as const)
      console.log(`  ${p.padEnd(10)} performance − /privacy's: ${(s.performance - privacy.performance).toFixed(2)} (target within 0.03)   accessibility ${s.accessibility.toFixed(2)} (target 1.00)`);
    console.log(`  (the session cookie ${cookieName} sent as an extra header on /account)\n`);
  } finally {
    await chrome.kill();
  }
}
