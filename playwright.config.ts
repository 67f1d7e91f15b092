import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 3100);
// Debian's Chromium builds when present (this machine and CI), else Playwright's own browser. The headless shell
// (package chromium-headless-shell: the same Chromium without the desktop browser's UI, which Playwright itself runs
// for headless tests) takes less than half the CPU of the full browser in headless mode (record 036); the full
// browser serves where only it is installed. E2E_CHROMIUM names another binary (e.g. /usr/bin/chromium for --headed).
const executablePath = process.env.E2E_CHROMIUM ?? ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'].find((p) => existsSync(p));
const launchOptions = {
  executablePath,
  args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
};

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: true,
  // A `test.only` left in a spec would make CI run that one test and pass: refuse it there.
  forbidOnly: !!process.env.CI,
  // Three on two cores: a test spends much of its time waiting on the server and the database, so a third
  // browser keeps the CPUs busy. The whole suite passed with three at a load average of 15 from other work.
  workers: process.env.E2E_WORKERS ? Number(process.env.E2E_WORKERS) : 3,
  retries: 0,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  reporter: process.env.PLAYWRIGHT_JSON ? [['list'], ['json', { outputFile: process.env.PLAYWRIGHT_JSON }]] : [['list']],
  use: {
    baseURL: `http://localhost:${port}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions,
  },
  projects: [
    // `@phone-only` flows (the phone menu, phone photographs) have no desktop counterpart: desktop does not list them.
    { name: 'desktop', use: { ...devices['Desktop Chrome'], launchOptions }, grepInvert: /@phone-only/ },
    // Phones run the flows tagged @phone (every flow an issue asks for on phones), keeping `npm test` within budget
    // on two cores; desktop runs everything. `E2E_ALL_ON_PHONES=1` runs every test on Pixel 7 too.
    { name: 'pixel7', use: { ...devices['Pixel 7'], launchOptions }, grep: process.env.E2E_ALL_ON_PHONES ? undefined : /@phone/ },
    // iPhone viewport and touch in Chromium (WebKit is not available here): the layout and accessibility set
    // (every page photographed and checked with axe, the phone menu, the idle dialog). Its flows are the Pixel 7's
    // in another viewport and cost minutes of a 15-minute budget; `E2E_ALL_ON_PHONES=1` runs them too.
    {
      name: 'iphone',
      use: { ...devices['iPhone 14'], browserName: 'chromium', defaultBrowserType: 'chromium', launchOptions },
      grep: /@phone/,
      testMatch: process.env.E2E_ALL_ON_PHONES ? undefined : /a11y\.spec\.ts$/,
    },
  ],
  webServer: {
    command: 'node --import tsx scripts/testing/e2e-server.ts',
    url: `http://localhost:${port}/api/health`,
    timeout: 600_000,
    reuseExistingServer: !process.env.CI && !process.env.E2E_FRESH,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
