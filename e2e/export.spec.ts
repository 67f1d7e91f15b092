import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import type postgres from 'postgres';
import { unzipText } from '../scripts/testing/unzip';
import { parseCsv } from '../scripts/testing/csv';
import { expect, latestMail, test, visit, type TestUser } from './fixtures';
import { field } from './helpers';

const root = path.resolve(import.meta.dirname, '..');

/** Full-page screenshots to screenshots/<project>/<name>.png, like a11y.spec.ts, for a person to look at. */
async function photograph(page: Page, testInfo: TestInfo, name: string) {
  const dir = path.join(root, 'screenshots', testInfo.project.name);
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true, scale: 'css' });
}

async function noSidewaysScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
}

/** Purchases, sign-ins and consent history for a test customer, as the app would have written them. */
async function seedHistory(sql: postgres.Sql, user: TestUser) {
  const ref = `AC-${user.username.slice(1, 9).toUpperCase()}`;
  await sql`insert into orders (user_id, reference, placed_at, description, amount_minor, currency, card_brand, card_last4) values
    (${user.id}, ${ref + '1'}, now() - interval '40 days', 'Pro plan, monthly', 900, 'GBP', 'Visa', '4242'),
    (${user.id}, ${ref + '2'}, now() - interval '2 days', 'Background removal credits: 50 images', 1299, 'GBP', 'Mastercard', '5100')`;
  await sql`insert into login_events (user_id, success, method, reason, ip, user_agent, created_at)
    select ${user.id}, n % 4 <> 0, 'password', case when n % 4 = 0 then 'bad_credentials' else 'ok' end, ('198.51.100.' || n)::inet, 'Mozilla/5.0 e2e', now() - n * interval '1 hour'
    from generate_series(1, 25) n`;
  await sql`insert into consent_events (user_id, topic, state, source, ip) values (${user.id}, 'newsletter', 'pending', 'signup', '198.51.100.200'), (${user.id}, 'newsletter', 'granted', 'double_opt_in', '198.51.100.200')`;
  await sql`insert into consents (user_id, topic, state) values (${user.id}, 'newsletter', 'granted')`;
  return ref;
}

type DataJson = { exportedAt: string; collections: Record<string, Record<string, unknown>[]> };

test.describe('download your data', () => {
  test('confirm it is you, download the ZIP and find exactly what the database holds @phone', async ({ page, createUser, signInAs, sql }, testInfo) => {
    const user = await createUser();
    const ref = await seedHistory(sql, user);
    await signInAs(page, user);

    await visit(page, '/account/privacy');
    await photograph(page, testInfo, 'privacy');
    await noSidewaysScroll(page);
    await expect(page.getByRole('link', { name: 'Delete my account…' })).toHaveAttribute('href', '/account/privacy/delete');
    await page.getByRole('button', { name: 'Download my data' }).click();
    await field(page, 'Your password').fill(user.password);
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Confirm' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^account-data-\d{4}-\d{2}-\d{2}\.zip$/);
    await expect(page.getByText('Your download is being prepared')).toBeVisible();
    const files = await unzipText(readFileSync((await download.path())!));

    const data = JSON.parse(files.get('data.json')!) as DataJson;
    const [dbUser] = await sql`select id, username, email, mobile from users where id = ${user.id}`;
    expect(data.collections.account).toEqual([expect.objectContaining({ id: dbUser!.id, username: dbUser!.username, email: dbUser!.email, mobile: dbUser!.mobile })]);
    const logins = await sql`select host(ip) as ip from login_events where user_id = ${user.id} order by id`;
    expect(data.collections.login_history!.map((r) => r.ip)).toEqual(logins.map((l) => l.ip));
    const purchases = await sql`select reference, amount_minor, card_last4 from orders where user_id = ${user.id} order by placed_at`;
    expect(data.collections.purchases!.map((p) => [p.reference, p.amount_minor_units, p.card_last4])).toEqual(purchases.map((p) => [p.reference, p.amount_minor, p.card_last4]));
    expect(data.collections.consent_history!.map((c) => c.state)).toEqual(['pending', 'granted']);
    const [sessionCount] = await sql`select count(*)::int as n from sessions where user_id = ${user.id}`;
    expect(data.collections.sessions).toHaveLength(sessionCount!.n as number);
    // This download is itself in the export: its security event and its email.
    const events = await sql`select kind, host(ip) as ip from security_events where user_id = ${user.id}`;
    expect(events.map((e) => e.kind)).toEqual(['data_export']);
    expect(data.collections.security_events).toEqual([expect.objectContaining({ kind: 'data_export', ip: events[0]!.ip })]);
    expect(parseCsv(files.get('purchases.csv')!).map((r) => r.reference)).toEqual([`${ref}1`, `${ref}2`]);
    expect(parseCsv(files.get('login_history.csv')!)).toHaveLength(25);
    expect(files.get('README.html')).toContain('How long we keep it');

    // No secret of the account is anywhere in the archive.
    const [secrets] = await sql`select password_hash, pin_hash from users where id = ${user.id}`;
    const everything = [...files.values()].join('\n');
    for (const s of [secrets!.password_hash, secrets!.pin_hash, user.password]) if (s) expect(everything).not.toContain(s);

    expect((await latestMail(sql, user.email))?.subject).toBe('A copy of your data was downloaded');
    await visit(page, '/account/security');
    await expect(page.getByTestId('account-event').first()).toContainText('Your data was downloaded');
    await page.locator('#activity').scrollIntoViewIfNeeded();
    await photograph(page, testInfo, 'security-activity');
  });

  test('refusals reach the page: re-authentication expired, and the daily limit', async ({ page, createUser, signInAs, sql }) => {
    const user = await createUser();
    const { sessionId } = await signInAs(page, user);
    await sql`update sessions set reauthenticated_at = now() where id = ${sessionId}`;
    await visit(page, '/account/privacy');
    // The window closes while the page is open: the download is refused and the page asks again.
    await sql`update sessions set reauthenticated_at = now() - interval '5 minutes 1 second' where id = ${sessionId}`;
    await page.getByRole('button', { name: 'Download my data' }).click();
    await expect(page).toHaveURL(/\/account\/privacy\?export=reauth/);
    await expect(page.locator('main [role=alert]')).toContainText('confirm it is you again');
    await expect(field(page, 'Your password')).toBeVisible();
    const [none] = await sql`select count(*)::int as n from security_events where user_id = ${user.id}`;
    expect(none!.n).toBe(0);

    await sql`insert into security_events (user_id, kind, created_at) select ${user.id}, 'data_export', now() - n * interval '1 hour' from generate_series(1, 3) n`;
    await visit(page, '/account/privacy');
    await expect(page.getByText(/You have downloaded your data 3 times in the last 24 hours\. You can download it again after/)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Download my data' })).toHaveCount(0);
    // A hand-made request is refused the same way, with 429 and when to retry.
    await sql`update sessions set reauthenticated_at = now() where id = ${sessionId}`;
    const res = await page.request.post('/api/export');
    expect(res.status()).toBe(429);
    expect(await res.json()).toMatchObject({ code: 'limit', retryAt: expect.any(String) });
  });

  test('no session gets 401, a cross-site form gets 403, and the route takes no user id', async ({ playwright, baseURL, page, createUser, signInAs }) => {
    const anonymous = await playwright.request.newContext({ baseURL });
    const res = await anonymous.post('/api/export');
    expect(res.status()).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'signed_out' });
    await anonymous.dispose();

    const user = await createUser();
    await signInAs(page, user);
    const crossSite = await page.request.post('/api/export', { headers: { 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.status()).toBe(403);
    // There is no GET: a link cannot start a download.
    expect((await page.request.get('/api/export')).status()).toBe(405);
  });
});

test.describe('purchases', () => {
  test('cards with amount, date, reference and card; an empty state; no sideways scrolling @phone', async ({ page, createUser, signInAs, sql }, testInfo) => {
    const user = await createUser();
    const ref = await seedHistory(sql, user);
    await signInAs(page, user);
    await visit(page, '/account/purchases');
    await photograph(page, testInfo, 'purchases');
    await noSidewaysScroll(page);
    const cards = page.getByTestId('purchase');
    await expect(cards).toHaveCount(2);
    await expect(cards.first()).toContainText('Background removal credits: 50 images');
    await expect(cards.first()).toContainText('£12.99');
    await expect(cards.first()).toContainText('Mastercard ending 5100');
    await expect(cards.first()).toContainText(`${ref}2`);
    await expect(cards.nth(1)).toContainText('£9.00');

    const other = await createUser();
    await signInAs(page, other);
    await visit(page, '/account/purchases');
    await expect(page.getByText('No purchases yet.')).toBeVisible();
    await expect(page.getByTestId('purchase')).toHaveCount(0);
  });
});
