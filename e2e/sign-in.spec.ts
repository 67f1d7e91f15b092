import { test, expect, visit, typed, expectAccessible, unique, unusedMobile } from './fixtures';
import { expectFieldError, expectFieldValid, expectSignedIn, field, formAlert, gotoForm, INVALID_SIGN_IN, openPinTab, signInWithPassword, signInWithPin, signOut, submitAndWaitForAnswer, tamperWithAction } from './helpers';

test.describe('sign in', () => {
  test('with username and password, then sign out @phone', async ({ page, createUser }) => {
    const user = await createUser();
    await visit(page, '/sign-in');
    await page.getByLabel('Username or email').fill(user.username.toUpperCase());
    await page.getByLabel('Password', { exact: true }).fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expectSignedIn(page);
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByText(user.email)).toBeVisible();
    await signOut(page);
  });

  test('with mobile number in local format and PIN @phone', async ({ page, createUser }) => {
    const user = await createUser();
    await page.goto('/sign-in');
    await page.getByRole('tab', { name: 'Mobile number and PIN' }).click();
    await page.getByRole('textbox', { name: 'Mobile number' }).fill(user.mobileLocal!);
    await page.getByLabel('PIN', { exact: true }).fill(user.pin!);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expectSignedIn(page);
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

test.describe('sign in, more ways', () => {
  test('with email in another case and password @phone', async ({ page, createUser, sql }) => {
    const user = await createUser({ withPin: false });
    await gotoForm(page, '/sign-in');
    await field(page, 'Username or email').fill(`  ${user.email.toUpperCase()} `);
    await field(page, 'Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expectSignedIn(page);
    await expect(page.getByText(user.email)).toBeVisible();
    const [event] = await sql`select success, method, reason from login_events where user_id = ${user.id} order by id desc limit 1`;
    expect(event).toMatchObject({ success: true, method: 'password', reason: 'ok' });
  });

  test('with mobile number in international spaced format and PIN @phone', async ({ page, createUser, sql }) => {
    const user = await createUser();
    const international = `+44 ${user.mobile!.slice(3, 7)} ${user.mobile!.slice(7)}`;
    expect(international).toMatch(/^\+44 7\d{3} \d{6}$/);
    await signInWithPin(page, international, user.pin!);
    await expectSignedIn(page);
    await expect(page.getByText('Signed in with mobile number and PIN')).toBeVisible();
    const [session] = await sql`select auth_method, revoked_at from sessions where user_id = ${user.id}`;
    expect(session).toMatchObject({ auth_method: 'pin', revoked_at: null });
  });

  test('bad input on the username and password form stays by its field', async ({ page }) => {
    await gotoForm(page, '/sign-in');
    const form = page.getByRole('form', { name: 'Sign in with username and password' });
    const submit = form.getByRole('button', { name: 'Sign in' });
    await submit.click();
    await expectFieldError(form, 'Username or email', 'Enter your username or email');
    await expectFieldError(form, 'Password', 'Enter your password');
    await expect(field(form, 'Username or email')).toBeFocused();

    const long = 'x'.repeat(10 * 1024);
    await field(form, 'Username or email').fill(long);
    await field(form, 'Password').fill(typed(`${'y'.repeat(10 * 1024)}`));
    await submit.click();
    await expectFieldError(form, 'Username or email', 'Use at most 254 characters');
    await expectFieldError(form, 'Password', 'Passwords are at most 128 characters');
    await expect(field(form, 'Username or email')).toHaveValue(long);
    await expect(page).toHaveURL(/\/sign-in$/);
    await expectAccessible(page);
  });

  test('bad input on the mobile and PIN form stays by its field', async ({ page }) => {
    const form = await openPinTab(page);
    const submit = form.getByRole('button', { name: 'Sign in' });
    await submit.click();
    await expectFieldError(form, 'Mobile number', 'Enter a mobile number');
    await expectFieldError(form, 'PIN', 'Enter your PIN');

    for (const mobile of ['7'.repeat(10 * 1024), '12345', 'call me maybe', '+44 7700 9001234567']) {
      await field(form, 'Mobile number').fill(mobile);
      await field(form, 'PIN').fill(typed('480931'));
      await submit.click();
      await expectFieldError(form, 'Mobile number', 'Enter a valid mobile number, like +44 7700 900123');
      await expectFieldValid(form, 'PIN');
      await expect(field(form, 'Mobile number')).toHaveValue(mobile);
    }

    await field(form, 'Mobile number').fill('07700 900123');
    for (const [pin, message] of [
      ['12ab56', 'Use digits only'],
      ['48 09 31', 'Use digits only'],
      ['٤٨٠٩٣١', 'Use digits only'],
      ['4'.repeat(10 * 1024), 'PINs are at most 12 digits'],
    ] as const) {
      await field(form, 'PIN').fill(typed(pin));
      await submit.click();
      await expectFieldError(form, 'PIN', message);
      await expectFieldValid(form, 'Mobile number');
      await expect(field(form, 'Mobile number')).toHaveValue('07700 900123');
    }
    await expect(page).toHaveURL(/\/sign-in$/);
  });

  test('values that are not text, posted by hand, are refused by the server beside each field', async ({ page, createUser }) => {
    const user = await createUser();
    await tamperWithAction(page, '/sign-in', (values) => {
      if ('identifier' in values) values.identifier = { $gt: '' };
      if ('password' in values) values.password = [user.password];
      if ('mobile' in values) values.mobile = Number(user.mobile!.slice(1));
      if ('pin' in values) values.pin = Number(user.pin);
    });
    await gotoForm(page, '/sign-in');
    const passwordForm = page.getByRole('form', { name: 'Sign in with username and password' });
    await field(passwordForm, 'Username or email').fill(user.username);
    await field(passwordForm, 'Password').fill(user.password);
    await submitAndWaitForAnswer(page, passwordForm.getByRole('button', { name: 'Sign in' }), field(passwordForm, 'Password'));
    await expectFieldError(passwordForm, 'Username or email', 'Your username or email must be text');
    await expectFieldError(passwordForm, 'Password', 'Your password must be text');
    await expect(field(passwordForm, 'Username or email')).toHaveValue(user.username);

    await page.getByRole('tab', { name: 'Mobile number and PIN' }).click();
    const pinForm = page.getByRole('form', { name: 'Sign in with mobile number and PIN' });
    await field(pinForm, 'Mobile number').fill(user.mobileLocal!);
    await field(pinForm, 'PIN').fill(user.pin!);
    await submitAndWaitForAnswer(page, pinForm.getByRole('button', { name: 'Sign in' }), field(pinForm, 'PIN'));
    await expectFieldError(pinForm, 'Mobile number', 'A mobile number must be text');
    await expectFieldError(pinForm, 'PIN', 'Your PIN must be text');
    await expect(page).toHaveURL(/\/sign-in$/);
  });

  test('a staff account cannot sign in with a PIN, even a right one', async ({ page, createUser, sql }) => {
    const customer = await createUser();
    const staff = await createUser({ role: 'staff' });
    const mobile = await unusedMobile(sql);
    // Give the staff account a mobile and the customer's PIN hash: the PIN is right, the method is not allowed.
    await sql`update users set mobile = ${mobile.e164}, mobile_verified_at = now(),
              pin_hash = (select pin_hash from users where id = ${customer.id}) where id = ${staff.id}`;
    await signInWithPin(page, mobile.local, customer.pin!);
    await expect(formAlert(page)).toHaveText(INVALID_SIGN_IN);
    await expect(page).toHaveURL(/\/sign-in$/);
    const [{ n }] = (await sql`select count(*)::int as n from sessions where user_id = ${staff.id}`) as [{ n: number }];
    expect(n).toBe(0);
    const [event] = await sql`select success, method, reason from login_events where user_id = ${staff.id} order by id desc limit 1`;
    expect(event).toMatchObject({ success: false, method: 'pin', reason: 'bad_credentials' });

    // The same account still signs in with its password.
    await signInWithPassword(page, staff.username, staff.password);
    await expectSignedIn(page);
  });
});

test.describe('before the page is interactive', () => {
  // A slow phone may submit the bare HTML form before the scripts run: that must never put a secret in the address.
  test.use({ javaScriptEnabled: false });

  test('a form submitted without JavaScript keeps secrets out of the URL', async ({ page }) => {
    const secret = typed(`plain html ${unique()} secret`);
    const submitBare = async (button: string) => {
      const navigation = page.waitForRequest((r) => r.isNavigationRequest(), { timeout: 10_000 });
      await page.getByRole('button', { name: button }).click();
      const request = await navigation;
      expect(request.method()).toBe('POST');
      expect(new URL(request.url()).search).toBe('');
      await page.waitForLoadState('load');
      expect(page.url()).not.toContain('secret');
    };

    await page.goto('/sign-in');
    await field(page, 'Username or email').fill('someone');
    await field(page, 'Password').fill(secret);
    await submitBare('Sign in');

    await page.goto('/sign-up');
    await field(page, 'Username').fill(`nojs${unique()}`);
    await field(page, 'Password').fill(secret);
    await field(page, 'PIN').fill(typed('480931'));
    await submitBare('Create account');
  });
});
