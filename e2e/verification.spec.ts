import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type postgres from 'postgres';
import { test, expect, visit, typed, unique, latestMail, expectAccessible, unusedMobile, randomPin } from './fixtures';
import { expectFieldError, expectSignedIn, field, formAlert, gotoForm, INVALID_SIGN_IN, linkFromDevMail, sessionPolled, signInWithPassword, signInWithPin, signOut } from './helpers';

/*
 * Issue 11.4 / 11.11 / 16.2 in the browser: a mobile number is confirmed by a
 * texted code before it signs in with a PIN (right after sign-up, or later from
 * the account); an email confirmation link can be sent again; a customer whose
 * email is unconfirmed gets back in with a code to the confirmed mobile; the
 * owner of an address claims an account that never confirmed it; "Sign out
 * everywhere" kills an outstanding reset link.
 */

const root = path.resolve(import.meta.dirname, '..');
async function shoot(page: Page, name: string) {
  const dir = path.join(root, 'screenshots', test.info().project.name);
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true, scale: 'css' });
}

/** Goes to a page whose only control is a client button, and waits until React has hydrated it. */
async function gotoButton(page: Page, url: string) {
  await page.goto(url);
  await page.waitForFunction(() => {
    const button = document.querySelector('main button');
    return !!button && Object.keys(button).some((k) => k.startsWith('__reactProps$'));
  });
}

/** The 8-character code in the newest text message to a number. */
async function textedCode(sql: postgres.Sql, mobile: string) {
  const sms = await latestMail(sql, mobile);
  const code = /\b([2-9A-HJ-NP-Z]{8})\b/.exec(sms?.text ?? '')?.[1];
  expect(code, `a code texted to ${mobile}`).toBeTruthy();
  return typed(code!);
}

const confirmSection = (page: Page) => page.getByRole('form', { name: 'Confirm your mobile number' });

test.describe('confirming the mobile number', () => {
  test('right after sign-up: the welcome page asks for the texted code, and PIN sign-in waits for it @phone', async ({ page, sql }) => {
    test.slow(); // sign-up and three sign-ins, each with a real argon2 hash
    const mobile = await unusedMobile(sql);
    const username = `new${unique()}`;
    const password = typed(`copper ${unique()} lantern meadow`);
    const pin = typed(randomPin());
    await gotoForm(page, '/sign-up');
    await field(page, 'Username').fill(username);
    await field(page, 'Email').fill(`${username}@example.test`);
    await field(page, 'Password').fill(password);
    await field(page, 'Mobile number').fill(mobile.local);
    await field(page, 'PIN').fill(pin);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page).toHaveURL(/\/account\?welcome=1$/);
    await expect(page.getByRole('status').filter({ hasText: `and a code to ${mobile.international} to confirm your mobile number` })).toBeVisible();
    const card = page.getByRole('region', { name: 'Confirm your mobile number' });
    await expect(card).toBeVisible();
    await page.waitForLoadState('networkidle');
    await expectAccessible(page);
    await shoot(page, 'welcome-confirm-mobile');

    // Not yet: the right PIN gets the wrong-PIN answer.
    await signOut(page);
    await signInWithPin(page, mobile.international, pin);
    await expect(formAlert(page)).toHaveText(INVALID_SIGN_IN);

    await signInWithPassword(page, username, password);
    await expectSignedIn(page);
    await field(card, 'Code from the text message').fill(await textedCode(sql, mobile.e164));
    await card.getByRole('button', { name: 'Confirm number' }).click();
    await expect(card.getByRole('status')).toHaveText('Your mobile number is confirmed. You can now sign in with it and your PIN.');
    await page.waitForLoadState('networkidle');
    await expect(card.getByRole('status')).toBeVisible();
    await expect(page.locator('dl > div').filter({ has: page.getByText('Mobile number', { exact: true }) })).toContainText('Confirmed');

    await page.goto('/account'); // a fresh page for the sign-out helper (the refresh counts as a navigation)
    await signOut(page);
    await signInWithPin(page, mobile.international, pin);
    await expectSignedIn(page);
  });

  test('from the Security page: PIN sign-in is refused until the texted code comes back @phone', async ({ page, createUser, signInAs, sql }) => {
    const user = await createUser();
    await sql`update users set mobile_verified_at = null where id = ${user.id}`;

    // Like a wrong PIN, whatever is typed: nothing says the number is waiting for a code.
    await signInWithPin(page, user.mobileLocal!, user.pin!);
    await expect(formAlert(page)).toHaveText(INVALID_SIGN_IN);

    await signInAs(page, user);
    await visit(page, '/account/security');
    const form = confirmSection(page);
    await expect(page.getByText(/Until you confirm \+44 \d{4} \d{6} with the code we text to it, you cannot sign in with it and your PIN\./).first()).toBeVisible();
    await shoot(page, 'security-confirm-mobile');

    // A wrong code is answered beside the field, and the field keeps what was typed.
    await field(form, 'Code from the text message').fill('ABCDEFGH');
    await form.getByRole('button', { name: 'Confirm number' }).click();
    await expectFieldError(form, 'Code from the text message', /That code (is not right|has expired)/);
    await expect(field(form, 'Code from the text message')).toHaveValue('ABCDEFGH');

    await form.getByRole('button', { name: 'Text me a new code' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'We texted a code to' })).toBeVisible();
    await field(form, 'Code from the text message').fill((await textedCode(sql, user.mobile!)).toLowerCase());
    await form.getByRole('button', { name: 'Confirm number' }).click();
    const confirmed = page.getByRole('status').filter({ hasText: 'Your mobile number is confirmed. You can now sign in with it and your PIN.' });
    await expect(confirmed).toBeVisible();
    // The page refreshes behind it (the PIN form now says so too); the confirmation stays.
    await page.waitForLoadState('networkidle');
    await expect(confirmed).toBeVisible();
    await expect(form).toHaveCount(0);
    await expectAccessible(page);
    await shoot(page, 'security-mobile-confirmed');
    expect((await sql`select mobile_verified_at from users where id = ${user.id}`)[0]!.mobile_verified_at).not.toBeNull();

    await page.context().clearCookies();
    await signInWithPin(page, user.mobile!, user.pin!);
    await expectSignedIn(page);
  });
});

test.describe('confirming the email address again', () => {
  test('from the account, and from the page behind an expired link, without signing in @phone', async ({ page, browser, baseURL, createUser, signInAs, sql }) => {
    const user = await createUser({ verified: false });
    await signInAs(page, user);
    await visit(page, '/account');
    const card = page.getByRole('region', { name: 'Confirm your email address' });
    await expect(card).toContainText(`Your email address ${user.email} is not confirmed yet.`);
    await shoot(page, 'account-confirm-email');
    await card.getByRole('button', { name: 'Send me a new link' }).click();
    await expect(card.getByRole('status')).toHaveText(`We sent a new link to ${user.email}. It works for 7 days; earlier links no longer work.`);
    const first = new URL(await linkFromDevMail(page, user.email, 'Confirm your email address'));
    typed(first.searchParams.get('token')!);

    // A week later the link has expired; it is opened on a phone that is not signed in.
    await sql`update verifications set expires_at = now() - interval '1 second' where user_id = ${user.id} and purpose = 'email_verify' and consumed_at is null`;
    const phone = await browser.newContext({ baseURL });
    const other = await phone.newPage();
    await gotoButton(other, first.pathname + first.search);
    await expect(other.getByRole('alert').filter({ hasText: 'This link has expired or was already used.' })).toBeVisible();
    await expect(other.getByRole('button', { name: 'Confirm my email address' })).toHaveCount(0);
    await expectAccessible(other);
    await shoot(other, 'verify-email-expired');
    await other.getByRole('button', { name: 'Send me a new link' }).click();
    await expect(other.getByRole('status').filter({ hasText: 'We sent a new link to the same address.' })).toBeVisible();
    await phone.close();

    const second = new URL((/https?:\/\/\S+/.exec((await latestMail(sql, user.email))!.text))![0]);
    typed(second.searchParams.get('token')!);
    expect(second.search).not.toBe(first.search);
    await visit(page, second.pathname + second.search);
    await page.getByRole('button', { name: 'Confirm my email address' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Your email address is confirmed.' })).toBeVisible();
    expect((await sql`select email_verified_at from users where id = ${user.id}`)[0]!.email_verified_at).not.toBeNull();
    await visit(page, '/account');
    await expect(page.getByRole('region', { name: 'Confirm your email address' })).toHaveCount(0);
  });

  test('a link that is not ours, signed out: the page says how to get a new one', async ({ page }) => {
    await visit(page, '/verify-email?result=invalid');
    await expect(page.getByRole('alert').filter({ hasText: 'This link has expired or was already used.' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Sign in' })).toHaveAttribute('href', '/sign-in?next=/account');
    await gotoButton(page, '/verify-email?token=not-a-real-token');
    await page.getByRole('button', { name: 'Send me a new link' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'We cannot send a new link for this one.' })).toBeVisible();
  });
});

test.describe('recovery by a code texted to the confirmed mobile', () => {
  test('an unconfirmed email, a confirmed mobile: from "Forgot your password?" to signed in with a new password @phone', async ({ page, createUser, sql }) => {
    const user = await createUser({ verified: false });
    await visit(page, '/forgot-password');
    await shoot(page, 'forgot-password');
    await page.getByRole('link', { name: 'Get a code by text message' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Get back in with your mobile number' })).toBeVisible();
    await expectAccessible(page);
    await shoot(page, 'recover-by-mobile');

    await field(page, 'Mobile number').fill('07700 9001');
    await page.getByRole('button', { name: 'Text me a code' }).click();
    await expectFieldError(page, 'Mobile number', 'Enter a valid mobile number, like +44 7700 900123');
    await field(page, 'Mobile number').fill(user.mobileLocal!);
    await page.getByRole('button', { name: 'Text me a code' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'If an account has this mobile number confirmed' })).toBeVisible();
    await expectAccessible(page);
    await shoot(page, 'recover-by-mobile-code');

    const code = await textedCode(sql, user.mobile!);
    const chosen = typed(`harbour ${unique()} quietly`);
    await field(page, 'Code from the text message').fill(code === 'ABCDEFGH' ? 'ABCDEFGJ' : 'ABCDEFGH');
    await field(page, 'New password').fill(chosen);
    await page.getByRole('button', { name: 'Set new password' }).click();
    await expectFieldError(page, 'Code from the text message', 'That code is not right, or it has expired. Check it, or ask for a new one.');
    await expect(field(page, 'New password')).toHaveValue('');

    await field(page, 'Code from the text message').fill(code);
    await field(page, 'New password').fill(chosen);
    await page.getByRole('button', { name: 'Set new password' }).click();
    await expect(page).toHaveURL(/\/sign-in\?reason=reset$/);
    await signInWithPassword(page, user.username, user.password);
    await expect(formAlert(page)).toHaveText(INVALID_SIGN_IN);
    await signInWithPassword(page, user.username, chosen);
    await expectSignedIn(page);
  });

  test('a confirmed email gets no code, with the same answer', async ({ page, createUser, sql }) => {
    const user = await createUser();
    await gotoForm(page, '/recover-by-mobile');
    await field(page, 'Mobile number').fill(user.mobile!);
    await page.getByRole('button', { name: 'Text me a code' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'If an account has this mobile number confirmed' })).toBeVisible();
    expect(await latestMail(sql, user.mobile!)).toBeUndefined();
  });
});

test.describe('account pre-hijacking', () => {
  test('the owner of an address claims an account that never confirmed it: the other holder is signed out and loses the mobile and PIN @phone', async ({
    page,
    browser,
    baseURL,
    createUser,
    signInAs,
    sql,
  }) => {
    // Someone signed up with this address (never confirmed) and their own confirmed mobile and PIN, and is signed in.
    const squatter = await createUser({ verified: false });
    const theirs = await browser.newContext({ baseURL });
    const theirPage = await theirs.newPage();
    await signInAs(theirPage, squatter);
    await theirPage.goto('/account');
    await expectSignedIn(theirPage);
    await theirPage.waitForLoadState('networkidle');

    // The address's owner uses "Forgot your password?".
    await gotoForm(page, '/forgot-password');
    await field(page, 'Username or email').fill(squatter.email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'If an account matches what you entered, we have sent a link' })).toBeVisible();
    const link = new URL(await linkFromDevMail(page, squatter.email, 'Reset your password'));
    typed(link.searchParams.get('token')!);
    await visit(page, link.pathname + link.search);
    const chosen = typed(`lantern ${unique()} orchard`);
    await field(page, 'New password').fill(chosen);
    await page.getByRole('button', { name: 'Set new password' }).click();
    await expect(page).toHaveURL(/\/sign-in\?reason=reset$/);

    await theirPage.goto('/account');
    await expect(theirPage).toHaveURL(/\/sign-in/);
    await theirs.close();
    await signInWithPin(page, squatter.mobileLocal!, squatter.pin!);
    await expect(formAlert(page)).toHaveText(INVALID_SIGN_IN);

    await signInWithPassword(page, squatter.email, chosen);
    await expectSignedIn(page);
    const identity = page.getByRole('region', { name: 'Identity' });
    await expect(identity.locator('dl > div').filter({ hasText: 'Email' }).first()).toContainText('Confirmed');
    await expect(identity.locator('dl > div').filter({ hasText: 'Mobile number' })).toContainText('Not given');
    await expectAccessible(page);
    const [notice] = await sql`select text from outbox where recipient = ${squatter.email} and subject = 'Your password was changed'`;
    expect(notice?.text).toContain('We also removed the mobile number and PIN of the account');
  });
});

test.describe('reset links', () => {
  test('"Sign out everywhere" kills a reset link sent before it', async ({ page, createUser, signInAs, sql }) => {
    const user = await createUser();
    await gotoForm(page, '/forgot-password');
    await field(page, 'Username or email').fill(user.username);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'If an account matches' })).toBeVisible();
    const link = new URL((/https?:\/\/\S+/.exec((await latestMail(sql, user.email))!.text))![0]);
    typed(link.searchParams.get('token')!);

    await signInAs(page, user);
    await page.goto('/account/security');
    await sessionPolled(page);
    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await expect(page).toHaveURL(/\/sign-in\?reason=signed-out$/);

    await visit(page, link.pathname + link.search);
    await expect(page.getByRole('alert').filter({ hasText: 'This link has expired or was already used.' })).toBeVisible();
    await expect(field(page, 'New password')).toHaveCount(0);
  });
});
