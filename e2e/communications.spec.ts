import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type postgres from 'postgres';
import { e2eEnv, expect, expectAccessible, latestMail, recordMailSecrets, test, typed, unique, visit } from './fixtures';
import { field, gotoForm } from './helpers';

/*
 * Email consent (issue 6): the preference center's switches (saved at once,
 * rolled back on failure), the visible unsubscribe link and the RFC 8058
 * one-click POST from a real promotional email, and the double opt-in from
 * sign-up. axe runs on every page visited.
 */

const PAGE = '/account/communications';
const ledger = (sql: postgres.Sql, userId: string) =>
  sql`select topic, state, source from consent_events where user_id = ${userId} order by id`.then((rows) => rows.map((r) => `${r.topic} ${r.state} ${r.source}`));
const consent = (sql: postgres.Sql, userId: string, topic: string) =>
  sql`select state from consents where user_id = ${userId} and topic = ${topic}`.then((rows) => (rows[0]?.state as string | undefined) ?? 'withdrawn');
const switchFor = (page: Page, name: string) => page.getByRole('switch', { name, exact: true });

async function grant(sql: postgres.Sql, userId: string, topic: string) {
  await sql`insert into consents (user_id, topic, state) values (${userId}, ${topic}, 'granted')`;
  await sql`insert into consent_events (user_id, topic, state, source) values (${userId}, ${topic}, 'granted', 'settings')`;
}

/** One promotional email sent by the app's own code (guard, headers, footer), as a campaign would send it. */
function sendPromotional(userId: string, topic: string) {
  const root = path.resolve(import.meta.dirname, '..');
  const env = JSON.parse(readFileSync(path.join(root, '.data', 'e2e-env.json'), 'utf8')) as Record<string, string>;
  const out = execFileSync(process.execPath, ['--import', './scripts/register-server-conditions.mjs', '--import', 'tsx', 'scripts/testing/send-promotional.ts', userId, topic], {
    cwd: root,
    env: { ...process.env, ...env, APP_URL: e2eEnv().baseURL, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
  });
  expect(JSON.parse(out.trim().split('\n').at(-1)!)).toEqual({ sent: true });
}

/** A POST with no cookie, as a mail app sends it: the real `curl` when installed, otherwise Node's fetch. */
async function oneClickPost(url: string): Promise<number> {
  if (spawnSync('which', ['curl']).status === 0) {
    const r = spawnSync('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '-X', 'POST', '-d', 'List-Unsubscribe=One-Click', url], { encoding: 'utf8' });
    return Number(r.stdout);
  }
  return (await fetch(url, { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status;
}

async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: test.info().outputPath(`${name}-${test.info().project.name}.png`), fullPage: true });
}

test.describe('communications', () => {
  test('switch topics by pointer and keyboard: saved at once, kept after reload, one ledger row each @phone', async ({ page, createUser, signInAs, sql }) => {
    const user = await createUser();
    await signInAs(page, user);
    await visit(page, PAGE);
    await expect(page.getByRole('heading', { level: 1, name: 'Communications' })).toBeVisible();

    // Mandatory topics: on, locked, with the reason and the way out.
    for (const name of ['Service messages', 'Security alerts']) {
      await expect(switchFor(page, name)).toBeChecked();
      await expect(switchFor(page, name)).toBeDisabled();
      await expect(switchFor(page, name)).toHaveAccessibleDescription(/delete your account/);
    }
    await expect(page.getByRole('link', { name: 'Cancel the service and delete your account' })).toHaveAttribute('href', '/account/privacy/delete');
    await expect(page.getByText('You have not made any choices yet.')).toBeVisible();

    // Pointer.
    await switchFor(page, 'Offers and promotions').click();
    await expect(switchFor(page, 'Offers and promotions')).toBeChecked();
    await expect(page.getByTestId('topic-offers').getByRole('status')).toHaveText('Saved.');
    // Keyboard: Tab from one switch to the next, Space and Enter toggle.
    await switchFor(page, 'Product updates').focus();
    await page.keyboard.press('Tab');
    await expect(switchFor(page, 'Offers and promotions')).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(switchFor(page, 'Newsletter')).toBeFocused();
    await page.keyboard.press('Space');
    await expect(switchFor(page, 'Newsletter')).toBeChecked();
    await expect(page.getByTestId('topic-newsletter').getByRole('status')).toHaveText('Saved.');
    await page.keyboard.press('Enter');
    await expect(switchFor(page, 'Newsletter')).not.toBeChecked();
    await expect(page.getByTestId('topic-newsletter').getByTestId('state')).toHaveText('Not subscribed');
    await expect.poll(() => ledger(sql, user.id)).toEqual(['offers granted settings', 'newsletter granted settings', 'newsletter withdrawn settings']);

    // The history shows each change with its source and the customer's own IP.
    const history = page.getByTestId('consent-event');
    await expect(history).toHaveCount(3);
    await expect(history.first()).toContainText('Newsletter: unsubscribed');
    await expect(history.first()).toContainText('In your communication settings');
    await expect(history.first()).toContainText(/IP (127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)/);

    await page.reload();
    await expect(switchFor(page, 'Offers and promotions')).toBeChecked();
    await expect(switchFor(page, 'Newsletter')).not.toBeChecked();
    await expect(switchFor(page, 'Product updates')).not.toBeChecked();
    await expectAccessible(page);
    await screenshot(page, 'communications');

    // Unsubscribe from all: every optional topic off, one row for the one that was on.
    await page.getByRole('button', { name: 'Unsubscribe from all promotional email' }).click();
    await expect(page.getByText('You are unsubscribed from all promotional email.')).toBeVisible();
    await expect(switchFor(page, 'Offers and promotions')).not.toBeChecked();
    await expect.poll(() => ledger(sql, user.id)).toHaveLength(4);
    expect((await ledger(sql, user.id)).at(-1)).toBe('offers withdrawn settings');
  });

  test('a change that fails moves the switch back and says so beside it', async ({ page, createUser, signInAs, sql }) => {
    const user = await createUser();
    await signInAs(page, user);
    await visit(page, PAGE);
    // The server action's request really fails (the network drops it).
    await page.route(`**${PAGE}`, (route) => (route.request().method() === 'POST' && route.request().headers()['next-action'] ? route.abort('failed') : route.continue()));
    await switchFor(page, 'Offers and promotions').click();
    const row = page.getByTestId('topic-offers');
    await expect(row.getByRole('alert')).toHaveText('We could not save your change. Check your connection and try again. Offers and promotions is still off.');
    await expect(switchFor(page, 'Offers and promotions')).not.toBeChecked();
    await expect(row.getByTestId('state')).toHaveText('Not subscribed');
    await expectAccessible(page);
    await screenshot(page, 'rollback');
    expect(await ledger(sql, user.id)).toEqual([]);

    // Back online: the same switch saves.
    await page.unroute(`**${PAGE}`);
    await switchFor(page, 'Offers and promotions').click();
    await expect(row.getByRole('status')).toHaveText('Saved.');
    await expect(row.getByRole('alert')).toHaveCount(0);
    await expect.poll(() => consent(sql, user.id, 'offers')).toBe('granted');
  });

  test('unsubscribe through the visible link of a promotional email: nothing changes until the button', async ({ page, createUser, sql }) => {
    const user = await createUser();
    await grant(sql, user.id, 'offers');
    sendPromotional(user.id, 'offers');
    const mail = await latestMail(sql, user.email);
    expect(mail?.subject).toBe('This month’s offers');
    const link = /Unsubscribe: (\S+)/.exec(mail!.text)?.[1];
    expect(link).toMatch(/\/unsubscribe\?token=/);

    // Opened without being signed in, as from any mail app.
    await visit(page, link!);
    await expect(page.getByRole('heading', { level: 1, name: 'Unsubscribe' })).toBeVisible();
    const masked = `${user.email[0]}•••${user.email.split('@')[0]!.at(-1)}@example.test`;
    await expect(page.getByText(`Stop offers and promotions emails to ${masked}?`)).toBeVisible();
    await expect(page.getByText(user.email)).toHaveCount(0);
    await screenshot(page, 'unsubscribe');
    await page.reload();
    expect(await consent(sql, user.id, 'offers')).toBe('granted');

    await page.getByRole('button', { name: 'Unsubscribe' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'You are unsubscribed' })).toBeVisible();
    await expect(page.getByText(`Done. We will not email ${masked} about offers and promotions any more.`)).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, 'unsubscribed');
    expect(await ledger(sql, user.id)).toEqual(['offers granted settings', 'offers withdrawn email_link']);
    // No way back without signing in: only the link to the preferences, which asks to sign in.
    await expect(page.getByRole('button')).toHaveCount(0);
    await page.getByRole('link', { name: 'Manage all your email preferences' }).click();
    await expect(page).toHaveURL(/\/sign-in\?next=%2Faccount%2Fcommunications$/);

    // A cut-short link says so and changes nothing.
    await visit(page, link!.slice(0, -6));
    await expect(page.getByRole('alert').filter({ hasText: 'This unsubscribe link is not valid' })).toContainText('Nothing was changed.');
    await expect(page.getByRole('button', { name: 'Unsubscribe' })).toHaveCount(0);
    await screenshot(page, 'unsubscribe-invalid');
  });

  test('one click: curl POSTs List-Unsubscribe=One-Click with no cookie to the List-Unsubscribe URL', async ({ createUser, sql, request }) => {
    const user = await createUser();
    await grant(sql, user.id, 'newsletter');
    sendPromotional(user.id, 'newsletter');
    const [row] = await sql`select headers from outbox where recipient = ${user.email} order by id desc limit 1`;
    const headers = row!.headers as Record<string, string>;
    recordMailSecrets(headers['List-Unsubscribe']);
    expect(headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const url = /^<(.+)>$/.exec(headers['List-Unsubscribe']!)?.[1];
    expect(url).toMatch(/\/api\/unsubscribe\?token=/);

    expect(await oneClickPost(url!.replace('.newsletter.', '.offers.'))).toBe(400); // re-targeted
    expect(await oneClickPost(url!.slice(0, -3))).toBe(400); // truncated
    expect(await consent(sql, user.id, 'newsletter')).toBe('granted');

    expect(await oneClickPost(url!)).toBe(200);
    expect(await consent(sql, user.id, 'newsletter')).toBe('withdrawn');
    expect(await oneClickPost(url!)).toBe(200); // repeating is harmless
    expect(await ledger(sql, user.id)).toEqual(['newsletter granted settings', 'newsletter withdrawn one_click']);

    // Opening the one-click URL (a person, a link scanner) changes nothing: it shows the page.
    await sql`update consents set state = 'granted' where user_id = ${user.id}`;
    const opened = await request.get(url!, { maxRedirects: 0 });
    expect(opened.status()).toBe(303);
    expect(opened.headers().location).toMatch(/^\/unsubscribe\?token=/);
    expect(await consent(sql, user.id, 'newsletter')).toBe('granted');
    // The preference center's data is for the signed-in customer only.
    expect((await request.get('/api/account/communications')).status()).toBe(401);
  });

  test('double opt-in: topics ticked at sign-up wait for the emailed link, which asks before confirming', async ({ page, sql }) => {
    const username = `doi${unique()}`;
    const email = `${username}@example.test`;
    await gotoForm(page, '/sign-up');
    await expectAccessible(page);
    for (const name of ['Product updates', 'Offers and promotions', 'Newsletter']) await expect(field(page, name)).not.toBeChecked();
    await field(page, 'Username').fill(username);
    await field(page, 'Email').fill(email);
    await field(page, 'Password').fill(typed(`violet harbour ${unique()} kettle`));
    await field(page, 'Product updates').check();
    await field(page, 'Newsletter').check();
    await screenshot(page, 'sign-up');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page).toHaveURL(/\/account\?welcome=1$/);
    const [user] = await sql`select id from users where username = ${username}`;
    const userId = user!.id as string;
    expect(await ledger(sql, userId)).toEqual(['product_updates pending signup', 'newsletter pending signup']);

    // Waiting: shown as such, with a way to get the link again.
    await visit(page, PAGE);
    const row = page.getByTestId('topic-newsletter');
    await expect(row.getByTestId('state')).toHaveText('Waiting for your confirmation');
    await expect(switchFor(page, 'Newsletter')).toBeChecked();
    await expect(page.getByText('Your email address is not confirmed yet')).toBeVisible();
    await row.getByRole('button', { name: 'Resend confirmation for newsletter' }).click();
    await expect(row.getByRole('status')).toHaveText(`We sent a new confirmation link to ${email}.`);
    await screenshot(page, 'pending');

    const mail = await latestMail(sql, email);
    expect(mail?.subject).toBe('Confirm your subscription');
    const link = /https?:\/\/\S+confirm-subscription\?token=\S+/.exec(mail!.text)?.[0];
    await visit(page, link!);
    await expect(page.getByRole('heading', { level: 1, name: 'Confirm your subscription' })).toBeVisible();
    await expect(page.getByRole('listitem')).toHaveText([/^Product updates:/, /^Newsletter:/]);
    await screenshot(page, 'confirm-subscription');
    expect(await consent(sql, userId, 'newsletter')).toBe('pending'); // opening the link is not confirming

    await page.getByRole('button', { name: 'Confirm my subscription' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Subscription confirmed' })).toBeVisible();
    await expectAccessible(page);
    expect(await ledger(sql, userId)).toEqual(['product_updates pending signup', 'newsletter pending signup', 'product_updates granted double_opt_in', 'newsletter granted double_opt_in']);

    await visit(page, PAGE);
    await expect(row.getByTestId('state')).toHaveText('Subscribed');
    await expect(page.getByTestId('consent-event').first()).toContainText('Confirmation link in an email');

    // The link is single use.
    await visit(page, link!);
    await expect(page.getByRole('alert').filter({ hasText: 'This link has expired or was already used' })).toBeVisible();
  });
});
