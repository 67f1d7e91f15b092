import type { Page } from '@playwright/test';
import type postgres from 'postgres';
import { test, expect, visit, typed, unique, randomPin, latestMail } from './fixtures';
import { expectFieldError, expectSignedIn, field, formAlert, gotoForm, INVALID_SIGN_IN, linkFromDevMail, signInWithPassword, signInWithPin, submitAndWaitForAnswer } from './helpers';

const sentAnswer = (what: 'password' | 'PIN') =>
  what === 'PIN'
    ? 'If an account matches what you entered and has a confirmed email address, we have sent it a link to reset your PIN. The link works once, for 30 minutes. Check your inbox and spam folder.'
    : 'If an account matches what you entered, we have sent a link to reset your password to its email address. The link works once, for 30 minutes. Check your inbox and spam folder.';
const LINK_REFUSED_PAGE = 'This link has expired or was already used. Ask for a new one.';
const LINK_REFUSED_FORM = 'This link has expired or was already used. Ask for a new one.';
const RESET_DONE = 'Your new secret is set and every device was signed out. Sign in with it now.';

/** Asks for a reset link the way a person does, and returns the answer shown. */
async function askForReset(page: Page, kind: 'password' | 'pin', identifier: string) {
  await gotoForm(page, kind === 'pin' ? '/forgot-pin' : '/forgot-password');
  await field(page, kind === 'pin' ? 'Mobile number, email or username' : 'Username or email').fill(identifier);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  const answer = page.getByRole('status').filter({ hasText: 'If an account matches' });
  await expect(answer).toBeVisible();
  return (await answer.textContent()) ?? '';
}

/** The link in a message, with its token recorded as a typed secret (it must never reach the logs). */
function recordLink(link: string, path: string) {
  const url = new URL(link);
  expect(url.pathname).toBe(path);
  typed(url.searchParams.get('token') ?? '');
  return url.pathname + url.search;
}

async function newestLinkInOutbox(sql: postgres.Sql, email: string, subject: string) {
  const mail = await latestMail(sql, email);
  expect(mail?.subject).toBe(subject);
  return /https?:\/\/\S+/.exec(mail!.text)![0];
}

test.describe('account recovery', () => {
  test('forgot password, end to end through /dev/mail: every session ends, the new password works, the link works once', async ({
    page,
    browser,
    baseURL,
    createUser,
    signInAs,
    sql,
  }) => {
    const user = await createUser();
    // Signed in on another device: the reset must end that session too.
    const elsewhere = await browser.newContext({ baseURL });
    const otherDevice = await elsewhere.newPage();
    await signInAs(otherDevice, user);
    await otherDevice.goto('/account');
    await expectSignedIn(otherDevice);
    await otherDevice.waitForLoadState('networkidle');

    expect(await askForReset(page, 'password', user.email.toUpperCase())).toBe(sentAnswer('password'));
    const link = recordLink(await linkFromDevMail(page, user.email, 'Reset your password'), '/reset-password');
    await visit(page, link);
    await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();

    const newPassword = field(page, 'New password');
    const submit = page.getByRole('button', { name: 'Set new password' });
    await newPassword.fill(typed('password1234'));
    await submitAndWaitForAnswer(page, submit, newPassword);
    await expectFieldError(page, 'New password', 'This password is too common or easy to guess. Try a few unrelated words.');
    await newPassword.fill(typed(`the ${user.username} rules`));
    await submitAndWaitForAnswer(page, submit, newPassword);
    await expectFieldError(page, 'New password', 'Your password must not contain your username or email address');
    await newPassword.fill(typed('too short'));
    await submit.click();
    await expectFieldError(page, 'New password', 'Use at least 12 characters');

    const chosen = typed(`granite ${unique()} willow`);
    await newPassword.fill(chosen);
    await submit.click();
    await expect(page).toHaveURL(/\/sign-in\?reason=reset$/);
    await expect(page.getByRole('status').filter({ hasText: RESET_DONE })).toBeVisible();

    // The other device is signed out, and so is every session row.
    await otherDevice.goto('/account');
    await expect(otherDevice).toHaveURL(/\/sign-in/);
    await elsewhere.close();
    expect(await sql`select id from sessions where user_id = ${user.id} and revoked_at is null`).toHaveLength(0);
    const [ended] = await sql`select revoked_reason from sessions where user_id = ${user.id}`;
    expect(ended).toMatchObject({ revoked_reason: 'password_reset' });
    expect((await latestMail(sql, user.email))?.subject).toBe('Your password was changed');

    // The old password is gone, the new one works.
    await signInWithPassword(page, user.username, user.password);
    await expect(formAlert(page)).toHaveText(INVALID_SIGN_IN);
    await signInWithPassword(page, user.username, chosen);
    await expectSignedIn(page);

    // The link worked once.
    await page.goto(link);
    await expect(page.getByRole('alert').filter({ hasText: 'This link has expired or was already used.' })).toHaveText(LINK_REFUSED_PAGE);
    await expect(field(page, 'New password')).toHaveCount(0);
  });

  // An unconfirmed address gets the link too: its owner may claim the account (verification.spec.ts, docs/decisions/023).
  test('an unknown, a known and an unconfirmed account get the same answer; mail only to addresses an account has', async ({ page, createUser, sql }) => {
    const known = await createUser();
    const unconfirmed = await createUser({ verified: false });
    const nobody = `nobody-${unique()}@example.test`;
    const answers = [
      await askForReset(page, 'password', known.username),
      await askForReset(page, 'password', nobody),
      await askForReset(page, 'password', unconfirmed.email),
    ];
    expect(answers).toEqual(Array(3).fill(sentAnswer('password')));
    expect((await latestMail(sql, known.email))?.subject).toBe('Reset your password');
    expect(await latestMail(sql, nobody)).toBeUndefined();
    expect(await sql`select 1 from outbox where recipient = ${unconfirmed.email} and subject = 'Reset your password'`).toHaveLength(1);
  });

  test('an expired link is refused, on the page and on submit', async ({ page, createUser, sql }) => {
    const user = await createUser();
    await askForReset(page, 'password', user.email);
    const link = recordLink(await newestLinkInOutbox(sql, user.email, 'Reset your password'), '/reset-password');
    const before = (await sql`select password_hash from users where id = ${user.id}`)[0]!.password_hash;

    // Opened while valid, submitted after 30 minutes.
    await gotoForm(page, link);
    await sql`update verifications set expires_at = now() - interval '1 second' where user_id = ${user.id} and purpose = 'password_reset' and consumed_at is null`;
    await field(page, 'New password').fill(typed(`harbour ${unique()} candle`));
    await page.getByRole('button', { name: 'Set new password' }).click();
    await expect(formAlert(page)).toHaveText(LINK_REFUSED_FORM);
    await expect(page).toHaveURL(/\/reset-password\?token=/);

    await page.goto(link);
    await expect(page.getByRole('alert').filter({ hasText: 'This link has expired' })).toHaveText(LINK_REFUSED_PAGE);
    await expect(field(page, 'New password')).toHaveCount(0);
    const after = (await sql`select password_hash from users where id = ${user.id}`)[0]!.password_hash;
    expect(after).toBe(before);
  });

  test('forgot PIN, end to end with the mobile number: trivial PINs refused, then the new PIN signs in @phone', async ({ page, createUser, sql }) => {
    const user = await createUser();
    expect(await askForReset(page, 'pin', user.mobileLocal!)).toBe(sentAnswer('PIN'));
    const link = recordLink(await linkFromDevMail(page, user.email, 'Reset your PIN'), '/reset-pin');
    await visit(page, link);
    await expect(page.getByRole('heading', { name: 'Choose a new PIN' })).toBeVisible();

    const newPin = field(page, 'New PIN');
    const submit = page.getByRole('button', { name: 'Set new PIN' });
    for (const [pin, message] of [
      ['123456', 'Avoid repeated digits and simple sequences like 123456'],
      ['111111', 'Avoid repeated digits and simple sequences like 123456'],
      ['12 34', 'Use digits only'],
      ['4821', 'Use 6 to 12 digits'],
    ] as const) {
      await newPin.fill(typed(pin));
      await submit.click();
      await expectFieldError(page, 'New PIN', message);
    }
    const before = (await sql`select pin_hash from users where id = ${user.id}`)[0]!.pin_hash;

    const chosen = typed(randomPin());
    await newPin.fill(chosen);
    await submit.click();
    await expect(page).toHaveURL(/\/sign-in\?reason=reset$/);
    await expect(page.getByRole('status').filter({ hasText: RESET_DONE })).toBeVisible();
    const after = (await sql`select pin_hash from users where id = ${user.id}`)[0]!.pin_hash;
    expect(after).not.toBe(before);

    if (chosen !== user.pin) {
      await signInWithPin(page, user.mobileLocal!, user.pin!);
      await expect(formAlert(page)).toHaveText(INVALID_SIGN_IN);
    }
    await signInWithPin(page, user.mobile!, chosen);
    await expectSignedIn(page);
  });
});
