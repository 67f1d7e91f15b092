import type { Page, Request } from '@playwright/test';
import type postgres from 'postgres';
import { expect, test, unique, visit } from './fixtures';
import { expectFieldError } from './helpers';

/*
 * Anonymous analytics end to end: the beacon the browser sends, what the
 * server keeps, Do Not Track / Global Privacy Control, and the staff report.
 * Beacons are told apart from other tests' by a unique referring host.
 */

type StoredBeacon = { route: string; time_on_page_ms: number; referrer_host: string | null; referrer_type: string; visitor_type: string; viewport: string };
const storedFrom = (sql: postgres.Sql, host: string) =>
  sql<StoredBeacon[]>`select route, time_on_page_ms, referrer_host, referrer_type::text, visitor_type::text, viewport::text from analytics_events where referrer_host = ${host} order by id`;

/** Every beacon this page sends, as the browser sent it. */
function captureBeacons(page: Page) {
  const sent: Request[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/api/analytics') sent.push(r);
  });
  return sent;
}

/** The tab goes to the background, as when the visitor switches tabs or apps. */
const hideTab = (page: Page) =>
  page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  });

const viewportOf = (projectName: string) => (projectName === 'desktop' ? 'desktop' : 'phone');

test.describe('anonymous analytics', () => {
  test('each page view sends one beacon with the route pattern, time on page, referrer type and viewport @phone', async ({ page, sql }, testInfo) => {
    const sent = captureBeacons(page);
    // The page's clock (performance.now included) runs normally, and is moved ahead to stand for the time spent reading.
    await page.clock.install();
    const referrerHost = `r${unique()}.example.org`;
    // Arrives from another site: only its host is kept, never the path or query.
    await page.goto('/sign-in?next=%2Faccount%2Fprofile', { referer: `https://${referrerHost}/a/private/path?token=abc123` });
    await page.waitForLoadState('networkidle');
    await page.clock.fastForward(3_000);

    // A soft navigation to another page of ours ends the sign-in view.
    await page.getByRole('link', { name: 'Create an account' }).click();
    await expect(page).toHaveURL(/\/sign-up$/);
    await expect.poll(() => storedFrom(sql, referrerHost)).toEqual([
      { route: '/sign-in', time_on_page_ms: expect.any(Number), referrer_host: referrerHost, referrer_type: 'org', visitor_type: 'local', viewport: viewportOf(testInfo.project.name) },
    ]);
    const [stored] = await storedFrom(sql, referrerHost);
    expect(stored!.time_on_page_ms).toBeGreaterThanOrEqual(3_000);
    expect(stored!.time_on_page_ms).toBeLessThan(60_000);

    // Hiding the tab ends the sign-up view: its referrer is one of our own pages.
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.clock.fastForward(2_000);
    const next = page.waitForRequest((r) => new URL(r.url()).pathname === '/api/analytics' && r.postData()?.includes('/sign-up') === true);
    await hideTab(page);
    const beacon = JSON.parse((await next).postData()!);
    expect(beacon).toEqual({ v: 1, route: '/sign-up', timeMs: expect.any(Number), referrerHost: null, referrerType: 'internal', viewport: viewportOf(testInfo.project.name) });
    expect(beacon.timeMs).toBeGreaterThanOrEqual(2_000);
    expect((await (await next).response())?.status()).toBe(204);

    // Leaving by a full page load (pagehide) sends the view too.
    const other = `r${unique()}.example.de`;
    await page.goto('/forgot-password', { referer: `https://${other}/` });
    await page.waitForLoadState('networkidle');
    await page.clock.fastForward(1_000);
    await page.goto('/');
    await expect.poll(async () => (await storedFrom(sql, other)).map((r) => [r.route, r.referrer_type])).toEqual([['/forgot-password', 'country']]);

    // Nothing the browser sent holds a path, a query, an id or a cookie value.
    for (const r of sent) {
      const body = r.postData() ?? '';
      expect(body).not.toMatch(/token|private|abc123|next=|authjs/);
      expect(Object.keys(JSON.parse(body)).sort()).toEqual(['referrerHost', 'referrerType', 'route', 'timeMs', 'v', 'viewport']);
    }
  });

  test('the endpoint refuses junk without errors, and answers POST only', async ({ request }) => {
    const good = { v: 1, route: '/account', timeMs: 1000, referrerHost: null, referrerType: 'none', viewport: 'desktop' };
    expect((await request.get('/api/analytics')).status()).toBe(405);
    expect((await request.post('/api/analytics', { data: 'not json' })).status()).toBe(400);
    expect((await request.post('/api/analytics', { data: JSON.stringify({ ...good, route: '/account/reports/8f14e45f-ceea-467f-a0e6-3b7c5a1e2f00' }) })).status()).toBe(400);
    expect((await request.post('/api/analytics', { data: JSON.stringify({ ...good, pad: 'x'.repeat(5000) }) })).status()).toBe(413);
    expect((await request.post('/api/analytics', { data: 'x'.repeat(1024 * 1024) })).status()).toBe(413);
    expect((await request.post('/api/analytics', { data: JSON.stringify(good), headers: { 'Sec-Fetch-Site': 'cross-site' } })).status()).toBe(403);
    expect((await request.post('/api/analytics', { data: JSON.stringify(good), headers: { 'content-type': 'text/plain;charset=UTF-8' } })).status()).toBe(204);
  });
});

for (const [name, headers, setUp] of [
  ['Do Not Track', { DNT: '1' }, () => Object.defineProperty(Navigator.prototype, 'doNotTrack', { configurable: true, get: () => '1' })],
  ['Global Privacy Control', { 'Sec-GPC': '1' }, () => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { configurable: true, get: () => true })],
] as const) {
  test.describe(`with ${name}`, () => {
    test.use({ extraHTTPHeaders: headers });

    test(`the browser sends nothing and the server records nothing @phone`, async ({ page, sql, baseURL }) => {
      await page.addInitScript(setUp);
      await page.clock.install();
      const sent = captureBeacons(page);
      const referrerHost = `r${unique()}.example.org`;
      // The same steps that send three beacons without the signal (each view long enough to count).
      await page.goto('/sign-in', { referer: `https://${referrerHost}/` });
      await page.waitForLoadState('networkidle');
      await page.clock.fastForward(3_000);
      await page.getByRole('link', { name: 'Create an account' }).click();
      await expect(page).toHaveURL(/\/sign-up$/);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await page.clock.fastForward(3_000);
      await hideTab(page);
      await page.goto('/forgot-password');
      await page.waitForLoadState('networkidle');
      await page.clock.fastForward(3_000);
      await page.goto('/');
      await page.waitForLoadState('networkidle');

      // Had the browser ignored the signal, the server must still drop it: a beacon with the header is answered and discarded.
      const beacon = JSON.stringify({ v: 1, route: '/sign-in', timeMs: 1000, referrerHost, referrerType: 'org', viewport: 'desktop' });
      expect((await page.request.post('/api/analytics', { data: beacon })).status()).toBe(204);

      // The same beacon without the header, sent afterwards, is stored: once it is there, anything sent before it would be too.
      // (Node's fetch: Playwright's request contexts would carry this describe's header.)
      const control = `c${unique()}.example.org`;
      expect((await fetch(`${baseURL}/api/analytics`, { method: 'POST', body: beacon.replace(referrerHost, control) })).status).toBe(204);
      await expect.poll(async () => (await storedFrom(sql, control)).length).toBe(1);

      expect(sent.map((r) => r.url())).toEqual([]);
      expect(await storedFrom(sql, referrerHost)).toEqual([]);
    });
  });
}

test.describe('/admin/analytics', () => {
  /** Aggregates on fixed days long past, the same on every run (and safe when both projects write them at once). */
  async function seedReport(sql: postgres.Sql) {
    const histogram = (bucketCounts: Record<number, number>) => `{${Array.from({ length: 26 }, (_, i) => bucketCounts[i] ?? 0).join(',')}}`;
    const rows = [
      ['2021-02-01', '/account/profile', 'org', 'com', 'phone', 6, 51_000, histogram({ 10: 6 })],
      ['2021-02-01', '/sign-in', 'none', 'country', 'desktop', 9, 31_500, histogram({ 7: 9 })],
      ['2021-02-02', '/account/profile', 'internal', 'edu', 'desktop', 4, 300_000, histogram({ 16: 4 })],
      ['2021-02-03', '/account/security', 'com', 'unknown', 'tablet', 3, 10_500, histogram({ 7: 3 })],
    ] as const;
    for (const [day, route, referrerType, visitorType, viewport, views, total, hist] of rows) {
      await sql`
        insert into analytics_daily (day, route, referrer_type, visitor_type, viewport, views, total_time_ms, time_histogram)
        values (${day}, ${route}, ${referrerType}, ${visitorType}, ${viewport}, ${views}, ${total}, ${hist}::int[])
        on conflict (day, route, referrer_type, visitor_type, viewport) do update set views = excluded.views, total_time_ms = excluded.total_time_ms, time_histogram = excluded.time_histogram`;
    }
    await sql`insert into analytics_daily_referrers (day, referrer_host, views) values ('2021-02-01', 'news.example.org', 6), ('2021-02-03', 'www.example.com', 3)
      on conflict (day, referrer_host) do update set views = excluded.views`;
  }

  test('staff see charts with tables for a chosen range; the page passes axe @phone', async ({ page, createUser, signInAs, sql }, testInfo) => {
    await seedReport(sql);
    const staff = await createUser({ role: 'staff' });
    await signInAs(page, staff);
    await visit(page, '/admin/analytics?from=2021-02-01&to=2021-02-07');
    await expect(page.getByRole('heading', { level: 1, name: 'Visitor analytics' })).toBeVisible();
    await expect(page.getByText('22 page views from 2021-02-01 to 2021-02-07 (UTC days).')).toBeVisible();

    // Every chart is a labelled image, drawn (SVG with bars or an area), with the numbers in a table.
    for (const label of [/page views per day/, /page views per page/, /median time on page/, /referrer domain type/, /visitor domain type/]) {
      const chart = page.getByRole('img', { name: label });
      await expect(chart).toBeVisible();
      await expect(chart.locator('svg.recharts-surface')).toBeVisible();
    }
    await expect(page.locator('.recharts-bar-rectangle').first()).toBeVisible();

    const pages = page.getByRole('table', { name: 'Views and time on page per page' });
    await expect(pages.getByRole('row')).toHaveCount(4);
    await expect(pages.getByRole('row', { name: /\/account\/profile/ })).toContainText('10');
    await expect(pages.getByRole('row', { name: /\/sign-in/ })).toContainText('9');
    // 9 views in the 3–4 s bucket: the median lies in it.
    await expect(pages.getByRole('row', { name: /\/sign-in/ }).getByRole('cell').nth(1)).toHaveText(/^3\.\d s$/);
    const referrers = page.getByRole('table', { name: 'Page views by referrer domain type' });
    await expect(referrers.getByRole('row', { name: /\.org/ })).toContainText('6');
    const visitors = page.getByRole('table', { name: 'Page views by visitor domain type' });
    await expect(visitors.getByRole('row', { name: /country code/ })).toContainText('9');
    await expect(page.getByRole('table', { name: 'Top referring sites' }).getByRole('row', { name: /news\.example\.org/ })).toContainText('6');

    await page.screenshot({ path: testInfo.outputPath(`admin-analytics-${testInfo.project.name}.png`), fullPage: true });

    // A backwards range is refused beside the field, keeping what was typed.
    await page.getByLabel('From', { exact: true }).fill('2021-02-10');
    await page.getByLabel('To', { exact: true }).fill('2021-02-01');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect(page).toHaveURL(/from=2021-02-10&to=2021-02-01/);
    await expectFieldError(page, 'To', 'The end date must be on or after the start date');
    await expect(page.getByLabel('From', { exact: true })).toHaveValue('2021-02-10');
    await expect(page.locator('svg.recharts-surface')).toHaveCount(0);

    // An empty range says so.
    await visit(page, '/admin/analytics?from=2020-01-01&to=2020-01-02');
    await expect(page.getByText('No page views were recorded from 2020-01-01 to 2020-01-02.')).toBeVisible();
  });

  test('customers and visitors get the ordinary 404', async ({ page, createUser, signInAs }) => {
    expect((await page.goto('/admin/analytics'))?.status()).toBe(404);
    const customer = await createUser();
    await signInAs(page, customer);
    const response = await page.goto('/admin/analytics?from=2021-02-01&to=2021-02-07');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Visitor analytics' })).toHaveCount(0);
  });
});
