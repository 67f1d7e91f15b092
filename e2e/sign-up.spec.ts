import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import type postgres from 'postgres';
import { test, expect, expectAccessible, typed, unique, unusedMobile, randomPin, latestMail } from './fixtures';
import { expectFieldError, expectFieldValid, expectSignedIn, field, formAlert, gotoForm, signInWithPassword, signInWithPin, submitAndWaitForAnswer, signOut, tamperWithAction } from './helpers';

interface SignUpValues {
  username?: string;
  email?: string;
  password?: string;
  mobile?: string;
  pin?: string;
}

const newUsername = () => `new${unique()}`;
const strongPassword = () => typed(`copper ${randomBytes(4).toString('hex')} lantern meadow`);

async function fillSignUp(page: Page, v: SignUpValues) {
  await field(page, 'Username').fill(v.username ?? '');
  await field(page, 'Email').fill(v.email ?? '');
  await field(page, 'Password').fill(v.password ?? '');
  await field(page, 'Mobile number').fill(v.mobile ?? '');
  await field(page, 'PIN').fill(v.pin ?? '');
}

const createButton = (page: Page) => page.getByRole('button', { name: 'Create account' });

/** What the form shows after a refusal: everything typed except the secrets, which are never sent back. */
async function expectKept(page: Page, v: SignUpValues, { secretsCleared }: { secretsCleared: boolean }) {
  await expect(field(page, 'Username')).toHaveValue(v.username ?? '');
  await expect(field(page, 'Email')).toHaveValue(v.email ?? '');
  await expect(field(page, 'Mobile number')).toHaveValue(v.mobile ?? '');
  if (secretsCleared) {
    await expect(field(page, 'Password')).toHaveValue('');
    await expect(field(page, 'PIN')).toHaveValue('');
  }
}

/** No account came out of a refused attempt, under any spelling of what was typed. */
async function expectNoAccount(sql: postgres.Sql, v: SignUpValues) {
  const username = (v.username ?? '').trim().toLowerCase();
  const email = (v.email ?? '').trim().toLowerCase();
  const [{ n }] = (await sql`select count(*)::int as n from users where (username = ${username} and username <> '') or (email_normalized = ${email} and email_normalized <> '')`) as [{ n: number }];
  expect(n, 'users rows created by a refused sign-up').toBe(0);
}

test.describe('sign up', () => {
  test('with mobile number and PIN, then sign out and sign in with email @phone', async ({ page, sql }) => {
    const mobile = await unusedMobile(sql);
    const v = { username: newUsername(), password: strongPassword(), mobile: mobile.local, pin: typed(randomPin()) };
    const email = `${v.username}@Example.test`;
    await gotoForm(page, '/sign-up');
    await fillSignUp(page, { ...v, email });
    await createButton(page).click();

    await expect(page).toHaveURL(/\/account\?welcome=1$/);
    await expect(page.getByRole('status').filter({ hasText: `Welcome, ${v.username}! Your account is ready.` })).toBeVisible();
    // Shown as stored, however it is spaced for reading.
    const digitsSpaced = new RegExp(`\\${mobile.e164.split('').join('\\s*')}`);
    await expect(page.locator('dl > div').filter({ has: page.getByText('Mobile number', { exact: true }) })).toContainText(digitsSpaced);
    await expectAccessible(page);

    const [row] = await sql`select username, email, email_normalized, mobile, pin_hash, password_hash, role, email_verified_at from users where username = ${v.username}`;
    expect(row).toMatchObject({ username: v.username, email, email_normalized: email.toLowerCase(), mobile: mobile.e164, role: 'customer', email_verified_at: null });
    expect(row!.pin_hash).toMatch(/^\$argon2id\$/);
    expect(row!.password_hash).toMatch(/^\$argon2id\$/);
    expect((await latestMail(sql, email))?.subject).toBe('Confirm your email address');

    // PIN sign-in waits for the number to be confirmed: the code texted at sign-up, typed right here.
    const confirmMobile = page.getByRole('form', { name: 'Confirm your mobile number' });
    await expect(page.getByRole('status').filter({ hasText: 'and a code to' })).toBeVisible();
    const sms = await latestMail(sql, mobile.e164);
    const code = typed(/\b([2-9A-HJ-NP-Z]{8})\b/.exec(sms?.text ?? '')?.[1] ?? '');
    await field(confirmMobile, 'Code from the text message').fill(code);
    await confirmMobile.getByRole('button', { name: 'Confirm number' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Your mobile number is confirmed.' })).toBeVisible();

    await signOut(page);

    await signInWithPassword(page, email.toUpperCase(), v.password);
    await expectSignedIn(page);
    await expect(page.getByText('Signed in with password')).toBeVisible();

    await signOut(page);
    await signInWithPin(page, mobile.international, v.pin);
    await expectSignedIn(page);
    await expect(page.getByText('Signed in with mobile number and PIN')).toBeVisible();
  });

  test('empty fields: each required field says so, the optional ones do not', async ({ page }) => {
    await gotoForm(page, '/sign-up');
    await createButton(page).click();
    await expectFieldError(page, 'Username', 'Enter a username');
    await expectFieldError(page, 'Email', 'Enter an email address');
    await expectFieldError(page, 'Password', 'Enter a password');
    await expectFieldValid(page, 'Mobile number');
    await expectFieldValid(page, 'PIN');
    await expect(field(page, 'Username')).toBeFocused();
    await expect(page).toHaveURL(/\/sign-up$/);
    // Only spaces is empty too.
    await field(page, 'Username').fill('   ');
    await createButton(page).click();
    await expectFieldError(page, 'Username', 'Enter a username');
  });

  test('10 kB values get a length message by each field and stay as typed', async ({ page, sql }) => {
    const big = (c: string) => c.repeat(10 * 1024);
    const v = { username: big('a'), email: `${big('b')}@example.test`, password: typed(big('p')), mobile: big('7'), pin: typed(big('4')) };
    await gotoForm(page, '/sign-up');
    await fillSignUp(page, v);
    await createButton(page).click();
    await expectFieldError(page, 'Username', 'Use at most 32 characters');
    await expectFieldError(page, 'Email', 'Use at most 254 characters');
    await expectFieldError(page, 'Password', 'Use at most 128 characters');
    await expectFieldError(page, 'Mobile number', 'Enter a valid mobile number, like +44 7700 900123');
    await expectFieldError(page, 'PIN', 'Use 6 to 12 digits');
    await expectKept(page, v, { secretsCleared: false });
    await expectNoAccount(sql, v);
  });

  test('mobile and PIN: invalid number, trivial PINs, PIN without a number', async ({ page, sql }) => {
    const v = { username: newUsername(), email: `${unique()}@example.test`, password: strongPassword() };
    await gotoForm(page, '/sign-up');

    for (const mobile of ['12345', '07700 90012', 'not a number', '+1 555 0100']) {
      await fillSignUp(page, { ...v, mobile, pin: typed(randomPin()) });
      await createButton(page).click();
      await expectFieldError(page, 'Mobile number', 'Enter a valid mobile number, like +44 7700 900123');
      await expectFieldValid(page, 'PIN');
      await expectKept(page, { ...v, mobile }, { secretsCleared: false });
    }

    const mobile = (await unusedMobile(sql)).local;
    for (const pin of ['123456', '111111', '987654']) {
      await fillSignUp(page, { ...v, mobile, pin: typed(pin) });
      await createButton(page).click();
      await expectFieldError(page, 'PIN', 'Avoid repeated digits and simple sequences like 123456');
      await expectFieldValid(page, 'Mobile number');
    }
    await fillSignUp(page, { ...v, mobile, pin: typed('121212') });
    await createButton(page).click();
    await expectFieldError(page, 'PIN', 'Avoid repeating patterns like 121212');
    await fillSignUp(page, { ...v, mobile, pin: typed('12a456') });
    await createButton(page).click();
    await expectFieldError(page, 'PIN', 'Use digits only');

    await fillSignUp(page, { ...v, mobile: '', pin: typed(randomPin()) });
    await createButton(page).click();
    await expectFieldError(page, 'Mobile number', 'Add a mobile number to sign in with a PIN');
    await expectKept(page, { ...v, mobile: '' }, { secretsCleared: false });
    await expect(page).toHaveURL(/\/sign-up$/);
    await expectNoAccount(sql, v);
  });

  test('common password and password containing the username are refused by the field', async ({ page, sql }) => {
    const v = { username: newUsername(), email: `${unique()}@example.test`, mobile: (await unusedMobile(sql)).international, pin: typed(randomPin()) };
    await gotoForm(page, '/sign-up');

    // Checked on the server (the leaked-password list is not shipped to browsers): secrets come back empty.
    for (const password of ['password1234', 'Password1234!', 'qwertyuiop123']) {
      await fillSignUp(page, { ...v, password: typed(password) });
      await submitAndWaitForAnswer(page, createButton(page), field(page, 'Password'));
      await expectFieldError(page, 'Password', 'This password is too common or easy to guess. Try a few unrelated words.');
      await expectKept(page, v, { secretsCleared: true });
      await expect(formAlert(page)).toHaveCount(0);
    }

    await fillSignUp(page, { ...v, password: typed(`my ${v.username.toUpperCase()} is great`) });
    await createButton(page).click();
    await expectFieldError(page, 'Password', 'Your password must not contain your username or email address');
    await fillSignUp(page, { ...v, password: typed(`${v.email.split('@')[0]} long enough`) });
    await createButton(page).click();
    await expectFieldError(page, 'Password', 'Your password must not contain your username or email address');
    await expectFieldValid(page, 'Username');

    await fillSignUp(page, { ...v, password: typed('short pass') });
    await createButton(page).click();
    await expectFieldError(page, 'Password', 'Use at least 12 characters');
    await expectNoAccount(sql, v);
  });

  test('username, email and mobile already in use, in another case or format', async ({ page, sql, createUser }) => {
    const existing = await createUser();
    const e164 = existing.mobile!;
    const dup = { username: existing.username.toUpperCase(), email: existing.email.toUpperCase(), mobile: `+44 ${e164.slice(3, 7)} ${e164.slice(7)}` };
    await gotoForm(page, '/sign-up');
    await fillSignUp(page, { ...dup, password: strongPassword(), pin: typed(randomPin()) });
    await submitAndWaitForAnswer(page, createButton(page), field(page, 'Password'));
    await expectFieldError(page, 'Username', 'This username is taken. Choose another.');
    await expectFieldError(page, 'Email', 'An account already uses this email address. Sign in or reset your password instead.');
    await expectFieldError(page, 'Mobile number', 'An account already uses this mobile number.');
    await expectKept(page, dup, { secretsCleared: true });
    await expect(field(page, 'Username')).toBeFocused();

    // Each check stands alone: only the mobile is taken now, typed the way it is written at home.
    const fresh = { username: newUsername(), email: `${unique()}@example.test`, mobile: `0${e164.slice(3)}` };
    await fillSignUp(page, { ...fresh, password: strongPassword(), pin: typed(randomPin()) });
    await submitAndWaitForAnswer(page, createButton(page), field(page, 'Password'));
    await expectFieldError(page, 'Mobile number', 'An account already uses this mobile number.');
    await expectFieldValid(page, 'Username');
    await expectFieldValid(page, 'Email');
    await expectKept(page, fresh, { secretsCleared: true });

    const [{ n }] = (await sql`select count(*)::int as n from users where username = ${existing.username} or email_normalized = ${existing.email} or mobile = ${existing.mobile}`) as [{ n: number }];
    expect(n).toBe(1);
    await expectNoAccount(sql, fresh);
    await expectAccessible(page);
  });

  test('values that are not text, posted by hand, are refused by the server beside each field', async ({ page, sql }) => {
    const v = { username: newUsername(), email: `${unique()}@example.test`, password: strongPassword(), mobile: (await unusedMobile(sql)).local, pin: typed(randomPin()) };
    await tamperWithAction(page, '/sign-up', (values) => {
      values.username = [v.username, 'admin'];
      values.email = { $ne: '' };
      values.password = 123456789012345;
      values.mobile = 447700900123;
      values.pin = true;
    });
    await gotoForm(page, '/sign-up');
    await fillSignUp(page, v);
    await submitAndWaitForAnswer(page, createButton(page), field(page, 'Password'));
    await expectFieldError(page, 'Username', 'A username must be text');
    await expectFieldError(page, 'Email', 'An email address must be text');
    await expectFieldError(page, 'Password', 'A password must be text');
    await expectFieldError(page, 'Mobile number', 'A mobile number must be text');
    await expectFieldError(page, 'PIN', 'A PIN must be text');
    await expectKept(page, v, { secretsCleared: true });
    await expectNoAccount(sql, v);
  });
});
