import { test, expect, visit, typed } from './fixtures';

test.describe('sign in', () => {
  test('with username and password, then sign out @phone', async ({ page, createUser }) => {
    const user = await createUser();
    await visit(page, '/sign-in');
    await page.getByLabel('Username or email').fill(user.username.toUpperCase());
    await page.getByLabel('Password', { exact: true }).fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Your information' })).toBeVisible();
    await expect(page.getByText(user.email)).toBeVisible();
    await visit(page, '/account');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByText('You are signed out')).toBeVisible();
  });

  test('with mobile number in local format and PIN @phone', async ({ page, createUser }) => {
    const user = await createUser();
    await page.goto('/sign-in');
    await page.getByRole('tab', { name: 'Mobile number and PIN' }).click();
    await page.getByRole('textbox', { name: 'Mobile number' }).fill(user.mobileLocal!);
    await page.getByLabel('PIN', { exact: true }).fill(user.pin!);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Your information' })).toBeVisible();
  });

  test('wrong password and unknown account get the same answer', async ({ page, createUser }) => {
    const user = await createUser();
    await page.goto('/sign-in');
    await page.getByLabel('Username or email').fill(user.email);
    await page.getByLabel('Password', { exact: true }).fill(typed('definitely wrong password'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.locator('form [role=alert]');
    await expect(alert).toHaveText(/do not match an account/);
    const wrong = await alert.textContent();
    await expect(page.getByLabel('Username or email')).toHaveValue(user.email);
    await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
    await page.getByLabel('Username or email').fill(`nobody-${user.username}`);
    await page.getByLabel('Password', { exact: true }).fill(typed('definitely wrong password'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(alert).toHaveText(wrong!);
  });
});
