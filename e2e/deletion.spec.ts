import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, expectAccessible, latestMail, test, visit } from './fixtures';
import { expectFieldError, expectSignedIn, field, gotoForm, signInWithPassword } from './helpers';

/*
 * Deleting an account (issue 5), end to end: re-authentication and the typed
 * confirmation, the grace-period page after signing in again, "Keep my
 * account", and the emailed cancel link. axe runs on every page; each page is
 * photographed to screenshots/<project>/deletion-*.png.
 */

async function shoot(page: Page, name: string) {
  const dir = path.resolve(import.meta.dirname, '..', 'screenshots', test.info().project.name);
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `deletion-${name}.png`), fullPage: true, scale: 'css' });
}

const purgeDate = (page: Page) => page.getByTestId('purge-date');
/** The date 14 days from now as the pages write it (UTC). */
const inFourteenDays = () => new Date(Date.now() + 14 * 86_400_000).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

test.describe('delete your account', () => {
  test('schedule with re-authentication and DELETE → signed out with the date → sign in again → Keep my account', async ({ page, createUser, signInAs, sql }) => {
    test.slow(); // two sign-ins and a production build's first visits on a 2-core machine
    const user = await createUser();
    await signInAs(page, user);
    await gotoForm(page, '/account/privacy/delete');
    await expectAccessible(page);
    await expect(page.getByRole('heading', { level: 1, name: 'Delete your account' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Download your data first' })).toHaveAttribute('href', '/account/privacy');
    await expect(page.getByRole('heading', { name: 'What we keep, without your name' })).toBeVisible();
    await shoot(page, 'request-reauth');

    // Re-authentication first: a wrong password is answered beside the field.
    await field(page, 'Your password').fill('not the password at all');
    await page.getByRole('button', { name: 'Confirm', exact: true }).click();
    await expectFieldError(page, 'Your password', 'That password is not right.');
    await field(page, 'Your password').fill(user.password);
    await page.getByRole('button', { name: 'Confirm', exact: true }).click();

    // The typed confirmation: a wrong word is answered beside the field and kept.
    const confirm = field(page, 'Type DELETE to confirm');
    await confirm.fill('delete');
    await page.getByRole('button', { name: 'Delete my account' }).click();
    await expectFieldError(page, 'Type DELETE to confirm', 'Type DELETE in capital letters to confirm');
    await expect(confirm).toHaveValue('delete');
    await expectAccessible(page);
    await shoot(page, 'request-confirm-error');
    await confirm.fill('DELETE');
    await page.getByRole('button', { name: 'Delete my account' }).click();

    await expect(page).toHaveURL(/\/deletion-requested\?on=/);
    await expect(page.getByRole('heading', { level: 1, name: 'Your account will be deleted' })).toBeVisible();
    await expect(purgeDate(page)).toHaveText(inFourteenDays());
    await expectAccessible(page);
    await shoot(page, 'requested');
    const [row] = await sql`select u.status, count(s.*) filter (where s.revoked_at is null)::int as live from users u left join sessions s on s.user_id = u.id where u.id = ${user.id} group by u.status`;
    expect(row).toEqual({ status: 'scheduled_for_deletion', live: 0 });
    expect((await latestMail(sql, user.email))?.subject).toBe('Your account is scheduled for deletion');
    // Signed out: account pages ask for sign-in.
    await page.goto('/account');
    await expect(page).toHaveURL(/\/sign-in/);

    // Signing in during the grace period shows the date; nothing else of the account opens.
    await signInWithPassword(page, user.username, user.password);
    await expect(page).toHaveURL(/\/deletion-scheduled$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Your account is scheduled for deletion' })).toBeVisible();
    await expect(purgeDate(page)).toHaveText(inFourteenDays());
    await expectAccessible(page);
    await shoot(page, 'scheduled');
    for (const url of ['/account/profile', '/account/privacy/delete']) {
      await page.goto(url);
      await expect(page).toHaveURL(/\/deletion-scheduled$/);
    }
    expect((await page.request.get('/api/account/sessions')).status()).toBe(401);

    await page.getByRole('button', { name: 'Keep my account' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Your account is kept' })).toBeVisible();
    await expect(page.getByText('Marketing emails stay off')).toBeVisible();
    await expectAccessible(page);
    await shoot(page, 'kept');
    await page.getByRole('link', { name: 'Go to your account' }).click();
    await expectSignedIn(page);
    const [after] = await sql`select status, (select count(*)::int from account_deletions where user_id = ${user.id}) as schedules from users where id = ${user.id}`;
    expect(after).toEqual({ status: 'active', schedules: 0 });
    expect((await latestMail(sql, user.email))?.subject).toBe('Your account will not be deleted');
  });

  test('the emailed link: opening it changes nothing, the button keeps the account, the link then is dead', async ({ page, createUser, signInAs, sql }) => {
    const user = await createUser({ withPin: false });
    const { sessionId } = await signInAs(page, user);
    // Re-authenticated a moment ago (the UI for it is covered above).
    await sql`update sessions set reauthenticated_at = now() where id = ${sessionId}`;
    await gotoForm(page, '/account/privacy/delete');
    await field(page, 'Type DELETE to confirm').fill('DELETE');
    await page.getByRole('button', { name: 'Delete my account' }).click();
    await expect(page).toHaveURL(/\/deletion-requested/);

    const link = /https?:\/\/\S+\/cancel-deletion\?token=[\w-]+/.exec((await latestMail(sql, user.email))!.text)?.[0];
    expect(link).toBeTruthy();
    const path = new URL(link!).pathname + new URL(link!).search;
    await visit(page, path);
    await expect(page.getByRole('heading', { level: 1, name: 'Keep your account' })).toBeVisible();
    await expect(purgeDate(page)).toHaveText(inFourteenDays());
    await shoot(page, 'cancel-link');
    const [still] = await sql`select status from users where id = ${user.id}`;
    expect(still!.status).toBe('scheduled_for_deletion');

    await page.getByRole('button', { name: 'Keep my account' }).click();
    await expect(page.getByText('Your account will not be deleted.')).toBeVisible();
    await expectAccessible(page);
    await shoot(page, 'cancel-link-done');
    const [kept] = await sql`select status from users where id = ${user.id}`;
    expect(kept!.status).toBe('active');

    await visit(page, path);
    await expect(page.getByRole('alert').filter({ hasText: 'This link is no longer valid' })).toBeVisible();
    await shoot(page, 'cancel-link-invalid');
  });

  test('staff accounts are told to have their staff access removed first', async ({ page, createUser, signInAs }) => {
    const staff = await createUser({ role: 'staff' });
    await signInAs(page, staff);
    await visit(page, '/account/privacy/delete');
    await expect(page.getByText('Staff and administrator accounts cannot be deleted here.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Delete my account' })).toHaveCount(0);
    await shoot(page, 'staff');
  });
});
