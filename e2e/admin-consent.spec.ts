import { devices, type Browser, type BrowserContextOptions, type Page } from '@playwright/test';
import type postgres from 'postgres';
import { e2eEnv, expect, expectAccessible, test, visit, type TestUser } from './fixtures';
import { expectFieldError, field, gotoForm } from './helpers';

/*
 * Issue 6, source `admin`: a customer phones in, staff withdraw the topic they
 * asked to stop at /admin/communications, and the customer then sees it off,
 * the ledger row "By our staff" and the access entry. Desktop only; the phone
 * layout is photographed from a Pixel 7 context. axe runs on every page.
 */

const PAGE = '/admin/communications';
const REASON = 'Customer asked by phone on 30 Nov';

async function grant(sql: postgres.Sql, userId: string, topic: string) {
  await sql`insert into consents (user_id, topic, state) values (${userId}, ${topic}, 'granted')`;
  await sql`insert into consent_events (user_id, topic, state, source) values (${userId}, ${topic}, 'granted', 'settings')`;
}

/** Another signed-in browser, failing the test on console errors like the main page. */
async function pageFor(browser: Browser, signInAs: (page: Page, user: TestUser) => Promise<unknown>, user: TestUser, errors: string[], device: BrowserContextOptions = {}) {
  const context = await browser.newContext({ ...device, baseURL: e2eEnv().baseURL });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await signInAs(page, user);
  return page;
}

async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true });
}

async function lookUp(page: Page, who: string) {
  await field(page, 'Email address or username').fill(who);
  await page.getByRole('button', { name: 'Look up' }).click();
}

test.describe('staff withdraw consent at a customer’s request', () => {
  test('look up, withdraw one topic with a reason; the customer sees it off, "By our staff" and the access entry', async ({ page, browser, createUser, signInAs, sql }) => {
    test.slow(); // three browsers on a 2-core machine
    const customer = await createUser();
    const staff = await createUser({ role: 'staff' });
    await grant(sql, customer.id, 'offers');
    await grant(sql, customer.id, 'newsletter');

    // Staff (not an admin) have the page in their navigation.
    await signInAs(page, staff);
    await visit(page, PAGE);
    await expect(page.getByRole('heading', { level: 1, name: 'Customer email choices' })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Staff sections' }).getByRole('link', { name: 'Customer email' })).toHaveAttribute('aria-current', 'page');

    // Nothing typed; then an unknown customer: a neutral answer beside the field, the text kept.
    await page.getByRole('button', { name: 'Look up' }).click();
    await expectFieldError(page, 'Email address or username', 'Enter the customer’s email address or username');
    await lookUp(page, customer.email.slice(0, 6));
    await expectFieldError(page, 'Email address or username', 'No customer with that email or username');
    await expect(field(page, 'Email address or username')).toHaveValue(customer.email.slice(0, 6));
    await expectAccessible(page);

    await lookUp(page, customer.email.toUpperCase());
    const card = page.getByTestId('customer-choices');
    await expect(card.getByRole('heading', { name: `Email choices of ${customer.username}` })).toBeVisible();
    await expect(card.getByTestId('staff-topic-offers')).toContainText('Subscribed');
    await expect(card.getByTestId('staff-topic-newsletter')).toContainText('Subscribed');
    await expect(card.getByTestId('staff-topic-product_updates')).toContainText('Not subscribed');
    // Only what is on can be withdrawn; there is nothing to switch on.
    await expect(card.getByRole('radio')).toHaveCount(3);
    await expect(card.getByRole('radio', { name: 'Product updates' })).toHaveCount(0);
    await expect(card.getByRole('switch')).toHaveCount(0);

    // No reason: the error beside it, the choice kept, nothing written.
    await card.getByRole('radio', { name: 'Offers and promotions' }).check();
    await card.getByRole('button', { name: 'Withdraw consent' }).click();
    await expectFieldError(card, 'Reason', 'Enter the reason: how and when the customer asked');
    await expect(card.getByRole('radio', { name: 'Offers and promotions' })).toBeChecked();
    await expectAccessible(page);
    await screenshot(page, 'admin-consent-errors-desktop');

    await field(card, 'Reason').fill(REASON);
    await card.getByRole('button', { name: 'Withdraw consent' }).click();
    await expect(card.getByRole('status')).toHaveText('Withdrawn: Offers and promotions. The customer sees this change in their account.');
    await expect(card.getByTestId('staff-topic-offers')).toContainText('Not subscribed');
    await expect(card.getByTestId('staff-topic-newsletter')).toContainText('Subscribed');
    await expect(field(card, 'Reason')).toHaveValue('');
    await expectAccessible(page);
    await screenshot(page, 'admin-consent-desktop');

    const ledger = await sql`select topic, state, source, ip, user_agent from consent_events where user_id = ${customer.id} order by id`;
    expect(ledger.map((r) => `${r.topic} ${r.state} ${r.source}`)).toEqual(['offers granted settings', 'newsletter granted settings', 'offers withdrawn admin']);
    expect(ledger.at(-1)!.ip).toMatch(/^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$/);
    expect(ledger.at(-1)!.user_agent).toContain('Chrome');
    const audit = await sql`select actor_user_id, actor_role, action, reason from audit_log where subject_user_id = ${customer.id} order by id`;
    expect(audit.map((a) => [a.actor_user_id, a.actor_role, a.action, a.reason])).toEqual([
      [staff.id, 'staff', 'consent.viewed', null],
      [staff.id, 'staff', 'consent.withdrawn', `Offers and promotions: ${REASON}`],
    ]);

    const errors: string[] = [];
    // The same page on a phone, photographed to be looked at.
    const phone = await pageFor(browser, signInAs, staff, errors, devices['Pixel 7']);
    await gotoForm(phone, PAGE);
    await lookUp(phone, customer.username);
    await expect(phone.getByTestId('staff-topic-offers')).toContainText('Not subscribed');
    await screenshot(phone, 'admin-consent-pixel7');
    await phone.context().close();

    // The customer: the topic is off, the ledger says who, the access log says what and why; the staff page is a 404 for them.
    const own = await pageFor(browser, signInAs, customer, errors);
    await visit(own, '/account/communications');
    await expect(own.getByRole('switch', { name: 'Offers and promotions', exact: true })).not.toBeChecked();
    await expect(own.getByRole('switch', { name: 'Newsletter', exact: true })).toBeChecked();
    const latest = own.getByTestId('consent-event').first();
    await expect(latest).toContainText('Offers and promotions: unsubscribed');
    await expect(latest).toContainText('By our staff');
    // The staff member's address is theirs, not the customer's: not shown.
    await expect(latest).not.toContainText('IP ');
    await screenshot(own, 'customer-communications-desktop');
    await visit(own, '/account');
    const access = own.getByTestId('access-log');
    await expect(access).toContainText(`Staff member: Unsubscribed you from emails at your request (reason: Offers and promotions: ${REASON})`);
    await expect(access).toContainText('Staff member: Looked at your email choices');
    expect((await own.goto(PAGE))?.status()).toBe(404);
    await own.context().close();
    expect(errors, 'console errors in the other browsers').toEqual([]);
  });
});
