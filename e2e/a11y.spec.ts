import type { Page, TestInfo } from '@playwright/test';
import { test, expect, visit, expectAccessible } from './fixtures';
import { expectSignedIn, field, gotoForm, sessionPolled, shoot } from './helpers';

/** Every page visited is checked with axe (visit) and photographed to screenshots/<project>/<name>.png. */
async function check(page: Page, testInfo: TestInfo, url: string, name: string, expectStatus = 200) {
  const response = await visit(page, url, { always: true });
  expect(response?.status(), `${url} status`).toBe(expectStatus);
  await shoot(page, testInfo, name);
}

/** Signed-out pages: [url, screenshot name, h1, main page (also on the iPhone project)]. */
const PUBLIC_PAGES = [
  ['/', 'home', 'Your account, in your hands', true],
  ['/sign-in', 'sign-in', 'Sign in', true],
  ['/sign-in?reason=timeout', 'sign-in-timeout', 'Sign in', false],
  ['/sign-up', 'sign-up', 'Create an account', true],
  ['/forgot-password', 'forgot-password', 'Forgot your password?', false],
  ['/forgot-pin', 'forgot-pin', 'Forgot your PIN?', false],
  ['/reset-password?token=x', 'reset-password-invalid', 'Choose a new password', false],
  ['/reset-pin?token=x', 'reset-pin-invalid', 'Choose a new PIN', false],
  ['/verify-email?token=x', 'verify-email', 'Confirm your email address', false],
  ['/recover-by-mobile', 'recover-by-mobile', 'Get back in with your mobile number', false],
  ['/unsubscribe?token=x', 'unsubscribe-invalid', 'Unsubscribe', false],
  ['/confirm-subscription?token=x', 'confirm-subscription-invalid', 'Confirm your subscription', false],
  ['/cancel-deletion?token=x', 'cancel-deletion-invalid', 'Keep your account', false],
  ['/sign-in/second-step', 'second-step-ended', 'Second step', false],
  ['/reset-two-step?token=x', 'reset-two-step', 'Turn off two-step sign-in', false],
  ['/privacy', 'privacy', 'Privacy policy', false],
  ['/contact', 'contact', 'Contact us', true],
  ['/contact/confirm?c=1&token=x', 'contact-confirm-invalid', 'Confirm your message', false],
  ['/contact/reply?c=1&token=x', 'contact-reply-invalid', 'Your message', false],
  ['/dev/mail', 'dev-mail', 'Development mail', false],
] as const;

const ACCOUNT_PAGES = [
  ['/account', 'Your information', true],
  ['/account/profile', 'Profile', false],
  ['/account/security', 'Security', false],
  ['/account/communications', 'Communications', false],
  ['/account/reports', 'Inaccuracy reports', false],
  ['/account/privacy', 'Download or delete', false],
  ['/account/purchases', 'Purchases', false],
  ['/account/messages', 'Messages', false],
] as const;

const phone = (main: boolean) => (main ? ' @phone' : '');

test.describe('accessibility of every page', () => {
  for (const [url, name, heading, main] of PUBLIC_PAGES) {
    test(`${url}${phone(main)}`, async ({ page }, testInfo) => {
      await check(page, testInfo, url, name);
      await expect(page.getByRole('heading', { level: 1, name: heading, exact: true })).toBeVisible();
    });
  }

  test('forms showing their errors', async ({ page }, testInfo) => {
    await gotoForm(page, '/sign-in');
    await page.getByRole('tab', { name: 'Mobile number and PIN' }).click();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(field(page, 'Mobile number')).toHaveAttribute('aria-invalid', 'true');
    await expectAccessible(page);
    await shoot(page, testInfo, 'sign-in-pin-errors');
    await gotoForm(page, '/sign-up');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(field(page, 'Username')).toHaveAttribute('aria-invalid', 'true');
    await expectAccessible(page);
    await shoot(page, testInfo, 'sign-up-errors');
  });

  test('the not-found page', async ({ page }, testInfo) => {
    await check(page, testInfo, '/no-such-page', 'not-found', 404);
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  });

  for (const [url, heading, main] of ACCOUNT_PAGES) {
    test(`${url}${phone(main)}`, async ({ page, createUser, signInAs }, testInfo) => {
      await signInAs(page, await createUser());
      await check(page, testInfo, url, url.slice(1).replace('/', '-'));
      await expect(page.getByRole('heading', { level: 1, name: heading, exact: true })).toBeVisible();
      if (!testInfo.project.use.isMobile) {
        await expect(page.getByRole('navigation', { name: 'Account sections' }).getByRole('link', { name: heading })).toHaveAttribute('aria-current', 'page');
      }
    });
  }

  test('the account menu on phones @phone-only', async ({ page, createUser, signInAs }, testInfo) => {
    await signInAs(page, await createUser());
    await page.goto('/account');
    await page.waitForLoadState('networkidle');
    const menuButton = page.getByRole('button', { name: 'Menu' });
    await expect(menuButton).toHaveAttribute('aria-expanded', 'false');
    await menuButton.click();
    const menu = page.getByRole('dialog', { name: 'Your account' });
    await expect(menu).toBeVisible();
    // The rest of the page is hidden from assistive technology while the menu is open: the button is found by its text.
    await expect(page.locator('button[aria-haspopup="dialog"]', { hasText: 'Menu' })).toHaveAttribute('aria-expanded', 'true');
    // Escape closes it and gives focus back to the button; focus stays inside while it is open.
    await page.keyboard.press('Escape');
    await expect(menu).toBeHidden();
    await expect(menuButton).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(menu).toBeVisible();
    await expect(menu.getByRole('button', { name: 'Close' })).toBeFocused();
    await page.keyboard.press('Shift+Tab');
    await expect(menu.getByRole('link', { name: 'Purchases' })).toBeFocused();
    await expectAccessible(page);
    await shoot(page, testInfo, 'account-menu');
    await menu.getByRole('link', { name: 'Security' }).click();
    await expect(page).toHaveURL(/\/account\/security$/);
    await expect(menu).toBeHidden();
    await expect(page.getByRole('heading', { level: 1, name: 'Security' })).toBeVisible();
  });

  test('the idle warning dialog @phone', async ({ page, createUser, signInAs, sql }, testInfo) => {
    const { sessionId } = await signInAs(page, await createUser());
    await page.goto('/account');
    await sessionPolled(page);
    await sql`update sessions set last_seen_at = now() - interval '28 minutes 30 seconds' where id = ${sessionId}`;
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange', { bubbles: true })));
    await expect(page.getByRole('alertdialog', { name: 'Are you still there?' })).toBeVisible();
    await expectAccessible(page);
    await shoot(page, testInfo, 'idle-warning');
  });

  test('phones: photographs of the other pages @phone-only', async ({ page, createUser, signInAs }, testInfo) => {
    // Phones run the main pages above with axe; the rest share their layout, and are photographed here so every page can be looked at on every device.
    for (const [url, name, heading, main] of PUBLIC_PAGES) {
      if (main) continue;
      expect((await page.goto(url))?.status(), url).toBe(200);
      await expect(page.getByRole('heading', { level: 1, name: heading, exact: true })).toBeVisible();
      await shoot(page, testInfo, name);
    }
    await signInAs(page, await createUser());
    for (const [url, heading, main] of ACCOUNT_PAGES) {
      if (main) continue;
      expect((await page.goto(url))?.status(), url).toBe(200);
      await expect(page.getByRole('heading', { level: 1, name: heading, exact: true })).toBeVisible();
      await shoot(page, testInfo, url.slice(1).replace('/', '-'));
    }
  });

  test('/admin @phone', async ({ page, createUser, signInAs }, testInfo) => {
    await signInAs(page, await createUser({ role: 'staff' }));
    await check(page, testInfo, '/admin', 'admin');
    await expect(page.getByRole('heading', { level: 1, name: 'Staff area' })).toBeVisible();
  });

  test('/admin/messages @phone', async ({ page, createUser, signInAs }, testInfo) => {
    await signInAs(page, await createUser({ role: 'staff' }));
    await check(page, testInfo, '/admin/messages', 'admin-messages');
    await expect(page.getByRole('heading', { level: 1, name: 'Messages' })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Staff sections' }).getByRole('link', { name: 'Messages' })).toHaveAttribute('aria-current', 'page');
  });
});

test.describe('keyboard', () => {
  test('tab through the sign-in form, switch tabs with the arrow keys, submit with Enter', async ({ page, createUser }) => {
    const user = await createUser();
    await page.goto('/sign-in');
    await page.waitForLoadState('networkidle');

    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Account Center' })).toBeFocused();
    await page.keyboard.press('Tab');
    const passwordTab = page.getByRole('tab', { name: 'Username and password' });
    const pinTab = page.getByRole('tab', { name: 'Mobile number and PIN' });
    await expect(passwordTab).toBeFocused();

    await page.keyboard.press('ArrowRight');
    await expect(pinTab).toBeFocused();
    await expect(pinTab).toHaveAttribute('aria-selected', 'true');
    await expect(field(page, 'Mobile number')).toBeVisible();
    await page.keyboard.press('ArrowLeft');
    await expect(passwordTab).toBeFocused();
    await expect(passwordTab).toHaveAttribute('aria-selected', 'true');
    await expect(field(page, 'Mobile number')).toHaveCount(0);
    await expect(field(page, 'Username or email')).toBeVisible();

    // The tab panel is a stop of its own (Radix), then its first field.
    await page.keyboard.press('Tab');
    await expect(page.getByRole('tabpanel', { name: 'Username and password' })).toBeFocused();
    await page.keyboard.press('Tab');
    const identifier = field(page, 'Username or email');
    await expect(identifier).toBeFocused();
    await page.keyboard.type(user.username);
    await page.keyboard.press('Tab');
    await expect(field(page, 'Password')).toBeFocused();
    await page.keyboard.type(user.password);
    await page.keyboard.press('Enter');
    await expectSignedIn(page);
  });

  test('the PIN form works from the keyboard too', async ({ page, createUser }) => {
    const user = await createUser();
    await page.goto('/sign-in');
    await page.waitForLoadState('networkidle');
    await page.getByRole('tab', { name: 'Username and password' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('tab', { name: 'Mobile number and PIN' })).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('tabpanel', { name: 'Mobile number and PIN' })).toBeVisible();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('tabpanel', { name: 'Mobile number and PIN' })).toBeFocused();
    await page.keyboard.press('Tab');
    const mobile = field(page, 'Mobile number');
    await expect(mobile).toBeFocused();
    await page.keyboard.type(user.mobileLocal!);
    await page.keyboard.press('Tab');
    await expect(field(page, 'PIN')).toBeFocused();
    await page.keyboard.type(user.pin!);
    await page.keyboard.press('Enter');
    await expectSignedIn(page);
  });
});
