import type { Page } from '@playwright/test';
import type postgres from 'postgres';
import { expect, expectAccessible, latestMail, secondSignedInPage as staffPage, test, typed, visit, type TestUser } from './fixtures';
import { reauthenticatedNow } from './helpers';

/*
 * Inaccuracy reports (issue 4), end to end: the customer raises and confirms a
 * report, staff claim and decide it, the customer sees the outcome, the
 * timeline and who accessed their data. axe runs on every page visited.
 */

const reportLink = (page: Page, label: string) => page.getByRole('link', { name: `Report a mistake (${label})` });

/** The row of "Your information" for a label, as a locator. */
const infoRow = (page: Page, label: string) => page.locator('dl > div').filter({ has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) });

async function setProfile(sql: postgres.Sql, userId: string, values: { full_name?: string; company?: string; city?: string }) {
  await sql`insert into profiles (user_id, full_name, company, city) values (${userId}, ${values.full_name ?? null}, ${values.company ?? null}, ${values.city ?? null})
            on conflict (user_id) do update set full_name = excluded.full_name, company = excluded.company, city = excluded.city, version = profiles.version + 1`;
}

/** A confirmed report inserted directly (the code flow is covered by the first test). */
async function insertSubmitted(sql: postgres.Sql, user: TestUser, item: string, current: string, proposed: string, dueInDays = 30) {
  const [r] = await sql`
    insert into reports (user_id, item, current_value, proposed_value, explanation, status, verified_at, due_at, profile_version)
    values (${user.id}, ${item}, ${current}, ${proposed}, 'It is wrong.', 'submitted', now(), now() + make_interval(days => ${dueInDays}), 1)
    returning id`;
  await sql`insert into report_events (report_id, kind, status, actor_user_id, actor_role) values (${r!.id}, 'status', 'submitted', ${user.id}, 'customer')`;
  return r!.id as number;
}

async function claim(page: Page, id: number) {
  await visit(page, `/admin/reports/${id}`);
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(`^Report #${id}:`) })).toBeVisible();
  await page.getByRole('button', { name: 'Claim this report' }).click();
  await expect(page.getByTestId('holder')).toHaveText(/^You hold this report/);
}

const codeIn = (text: string) => /Your code is ([A-Z0-9]{8})/.exec(text)?.[1] ?? '';

test.describe('inaccuracy reports', () => {
  test('raise with the emailed code → staff claims and approves → corrected value, timeline and access entry @phone', async ({ page, browser, createUser, signInAs, sql }) => {
    test.slow(); // two browsers and a whole review: longer than one page's budget on a 2-core machine
    const customer = await createUser();
    const staff = await createUser({ role: 'staff' });
    await setProfile(sql, customer.id, { full_name: 'Ada Lovelase' });
    await signInAs(page, customer);

    await visit(page, '/account');
    await reportLink(page, 'Full name').click();
    await expect(page).toHaveURL(/\/account\/reports\/new\?item=profile\.fullName$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Report inaccurate information' })).toBeVisible();
    await expectAccessible(page);
    await expect(page.getByLabel('What is wrong?')).toHaveValue('profile.fullName');
    await expect(page.getByTestId('current-value')).toHaveText('Ada Lovelase');
    await page.getByLabel('The correct value', { exact: true }).fill('Ada Lovelace');
    await page.getByLabel('Why is it wrong?').fill('My name is spelled with a c, as on my passport.');
    await page.getByLabel('A statement to keep on file (optional)').fill('I have always been Lovelace.');
    await page.getByRole('button', { name: 'Continue' }).click();

    await expect(page.getByRole('heading', { name: 'Confirm it is you' })).toBeVisible();
    await expectAccessible(page);
    const mail = await latestMail(sql, customer.email);
    const id = Number(/report #(\d+)/.exec(mail!.subject)?.[1]);
    expect(mail!.subject).toBe(`Your code to confirm report #${id}`);
    await page.getByLabel('Code', { exact: true }).fill(typed(codeIn(mail!.text)));
    await page.getByRole('button', { name: 'Confirm report' }).click();

    await expect(page).toHaveURL(new RegExp(`/account/reports/${id}\\?confirmed=1$`));
    await expect(page.getByText(`Thank you. Report #${id} is with our staff`)).toBeVisible();
    await expect(page.getByText('Disputed, under review').first()).toBeVisible();
    await expect(page.getByText(/\d+ days left/)).toBeVisible();
    await expectAccessible(page);
    expect((await latestMail(sql, customer.email))!.subject).toBe(`We received your report #${id}`);

    // Disputed wherever the item appears.
    await visit(page, '/account');
    await expect(infoRow(page, 'Full name').getByText('Disputed, under review')).toBeVisible();
    await visit(page, '/account/profile');
    await expect(page.getByLabel('Full name')).toHaveAccessibleDescription(/Disputed, under review/);
    await visit(page, '/account/reports');
    await expect(page.getByRole('link', { name: `Report #${id}: Full name` })).toBeVisible();

    // Staff: the queue, then the review page.
    const errors: string[] = [];
    const reviewer = await staffPage(browser, signInAs, staff, errors);
    await visit(reviewer, '/admin/reports');
    await expect(reviewer.getByRole('heading', { level: 1, name: 'Inaccuracy reports' })).toBeVisible();
    await expect(reviewer.getByTestId('queue-row').first()).toBeVisible();
    await claim(reviewer, id);
    await expect(reviewer.getByText('My name is spelled with a c, as on my passport.')).toBeVisible();
    await expect(reviewer.getByText('I have always been Lovelace.')).toBeVisible();
    await expectAccessible(reviewer);
    await reviewer.getByRole('button', { name: 'Approve and apply the correction' }).click();
    await expect(reviewer.getByTestId('holder')).toHaveText('This report is closed.');
    await expect(reviewer.getByText('Corrected', { exact: true }).first()).toBeVisible();
    await expectAccessible(reviewer);
    await reviewer.context().close();
    expect(errors).toEqual([]);

    // The customer sees the corrected value, the timeline and who accessed their information.
    await visit(page, '/account');
    await expect(infoRow(page, 'Full name')).toContainText('Ada Lovelace');
    await expect(infoRow(page, 'Full name').getByText('Disputed, under review')).toHaveCount(0);
    const access = page.getByTestId('access-log');
    await expect(access.getByText('Staff member').first()).toBeVisible();
    await expect(access.locator('li').filter({ hasText: 'Viewed your report' }).getByRole('link', { name: `report #${id}` }).first()).toBeVisible();
    await expect(access.locator('li').filter({ hasText: 'Corrected your information' })).toHaveCount(1);
    await expect(access).not.toContainText(staff.username);
    await expect(page.getByText(`Full name changed by staff, correction report #${id}`)).toBeVisible();
    await visit(page, `/account/reports/${id}`);
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await expect(timeline.getByRole('listitem')).toHaveText([/Submitted: you confirmed the report/, /In review/, /Corrected/]);
    await expect(timeline).not.toContainText('Claimed by');
    expect((await latestMail(sql, customer.email))!.subject).toBe(`Report #${id}: corrected`);
  });

  test('rejection: raised by keyboard alone; staff reject with a reason the customer sees @phone', async ({ page, browser, createUser, signInAs, sql }) => {
    test.slow(); // two browsers and a whole review: longer than one page's budget on a 2-core machine
    const customer = await createUser();
    const staff = await createUser({ role: 'staff' });
    await setProfile(sql, customer.id, { full_name: 'Charles Babbage', company: 'Difference Engines' });
    await signInAs(page, customer);
    await visit(page, '/account');

    // Keyboard only: the link, the form, the code.
    await reportLink(page, 'Company').focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/item=profile\.company$/);
    await expect(page.getByTestId('current-value')).toHaveText('Difference Engines');
    await page.getByLabel('What is wrong?').focus();
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('The correct value', { exact: true })).toBeFocused();
    await page.keyboard.type('Analytical Engines');
    await page.keyboard.press('Tab');
    await page.keyboard.type('We renamed the company last year.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name: 'Continue' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByLabel('Code', { exact: true })).toBeFocused();
    const mail = await latestMail(sql, customer.email);
    const id = Number(/report #(\d+)/.exec(mail!.subject)?.[1]);
    await page.keyboard.type(typed(codeIn(mail!.text)));
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`/account/reports/${id}\\?confirmed=1$`));

    const errors: string[] = [];
    const reviewer = await staffPage(browser, signInAs, staff, errors);
    await claim(reviewer, id);
    await reviewer.getByText('Reject', { exact: true }).click();
    const form = reviewer.getByRole('form', { name: 'Reject' });
    await form.getByRole('button', { name: 'Reject the report' }).click();
    await expect(form.getByLabel('Reason the customer will see')).toHaveAccessibleDescription('Enter a reason the customer will see');
    await form.getByLabel('Reason the customer will see').fill('Companies House still lists Difference Engines.');
    await form.getByRole('button', { name: 'Reject the report' }).click();
    await expect(reviewer.getByTestId('holder')).toHaveText('This report is closed.');
    await reviewer.context().close();
    expect(errors).toEqual([]);

    await visit(page, `/account/reports/${id}`);
    await expect(page.getByText('Rejected', { exact: true }).first()).toBeVisible();
    await expect(page.getByRole('region', { name: 'Timeline' })).toContainText('Companies House still lists Difference Engines.');
    await visit(page, '/account');
    await expect(infoRow(page, 'Company')).toContainText('Difference Engines');
    await expect(infoRow(page, 'Company').getByText('Disputed, under review')).toHaveCount(0);
    expect((await latestMail(sql, customer.email))!.text).toContain('Companies House still lists Difference Engines.');
  });

  test('needs information: staff ask, the customer answers, staff approve @phone', async ({ page, browser, createUser, signInAs, sql }) => {
    test.slow(); // two browsers and a whole review: longer than one page's budget on a 2-core machine
    const customer = await createUser();
    const staff = await createUser({ role: 'staff' });
    await setProfile(sql, customer.id, { full_name: 'Grace Hoper', city: 'Arlington' });
    const id = await insertSubmitted(sql, customer, 'profile.city', 'Arlington', 'New York');

    const errors: string[] = [];
    const reviewer = await staffPage(browser, signInAs, staff, errors);
    await claim(reviewer, id);
    await reviewer.getByText('Request more information').click();
    const ask = reviewer.getByRole('form', { name: 'Request more information' });
    await ask.getByLabel('What you need to know').fill('Since when do you live in New York?');
    await ask.getByRole('button', { name: 'Ask the customer' }).click();
    await expect(reviewer.getByText('Needs information', { exact: true }).first()).toBeVisible();

    await signInAs(page, customer);
    await visit(page, `/account/reports/${id}`);
    const answer = page.getByRole('region', { name: 'We need more information' });
    await expect(answer).toContainText('Since when do you live in New York?');
    await answer.getByLabel('Your answer').fill('Since March; my lease is in my name.');
    await answer.getByRole('button', { name: 'Send answer' }).click();
    await expect(page.getByText('Thank you: your answer is with the reviewer.')).toBeVisible();
    await expect(page.getByText('In review', { exact: true }).first()).toBeVisible();
    await expectAccessible(page);

    await reviewer.reload();
    await expect(reviewer.getByRole('region', { name: 'Timeline' })).toContainText('Since March; my lease is in my name.');
    await reviewer.getByRole('button', { name: 'Approve and apply the correction' }).click();
    await expect(reviewer.getByTestId('holder')).toHaveText('This report is closed.');
    await reviewer.context().close();
    expect(errors).toEqual([]);

    await visit(page, '/account/profile');
    await expect(page.locator('#profile-city')).toHaveValue('New York');
  });

  test('withdraw by keyboard: the report closes and the item is no longer disputed @phone', async ({ page, createUser, signInAs, sql }) => {
    const customer = await createUser();
    await setProfile(sql, customer.id, { full_name: 'Alan Turing', company: 'Bletchley' });
    const id = await insertSubmitted(sql, customer, 'profile.company', 'Bletchley', 'NPL');
    await signInAs(page, customer);
    await visit(page, '/account');
    await expect(infoRow(page, 'Company').getByText('Disputed, under review')).toBeVisible();
    await visit(page, `/account/reports/${id}`);
    await page.getByRole('button', { name: 'Withdraw this report' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('alertdialog', { name: `Withdraw report #${id}?` });
    await expect(dialog).toBeVisible();
    await expectAccessible(page);
    await page.keyboard.press('Tab');
    await expect(dialog.getByRole('button', { name: 'Withdraw report' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(dialog).toBeHidden();
    await expect(page.getByText('Withdrawn', { exact: true }).first()).toBeVisible();
    await expect(page.getByRole('button', { name: 'Withdraw this report' })).toHaveCount(0);
    await visit(page, '/account');
    await expect(infoRow(page, 'Company').getByText('Disputed, under review')).toHaveCount(0);
    expect((await latestMail(sql, customer.email))!.subject).toBe(`Report #${id}: withdrawn`);
  });

  test('the queue filters by overdue and reviewer, and marks overdue reports', async ({ page, createUser, signInAs, sql }) => {
    const owner = await createUser();
    const staff = await createUser({ role: 'staff' });
    // Due long ago: first in the overdue view.
    const id = await insertSubmitted(sql, owner, 'profile.city', 'Oxford', 'Cambridge', -900);
    try {
      await signInAs(page, staff);
      await visit(page, '/admin/reports?overdue=1&assigned=unassigned');
      await expect(page.getByLabel('Overdue only')).toBeChecked();
      await expect(page.getByLabel('Reviewer')).toHaveValue('unassigned');
      const row = page.getByTestId('queue-row').filter({ has: page.getByRole('link', { name: `Report #${id}`, exact: true }) });
      await expect(row).toContainText(/Overdue by 9\d\d days/);
      await expect(row).toContainText('Unassigned');
      await row.getByRole('link').click();
      await page.getByRole('button', { name: 'Claim this report' }).click();
      await expect(page.getByTestId('holder')).toHaveText(/^You hold this report/);
      await visit(page, '/admin/reports');
      await page.getByLabel('Reviewer').selectOption('mine');
      await expect(page).toHaveURL(/assigned=mine/);
      await expect(page.getByTestId('queue-row')).toHaveCount(1);
      await expect(page.getByTestId('queue-row')).toContainText('Claimed by you');
      await expectAccessible(page);
    } finally {
      await sql`update reports set status = 'withdrawn' where id = ${id}`;
    }
  });

  test('customers get a 404 on every staff route; staff get a 404 on staff management', async ({ page, createUser, signInAs, request }) => {
    const customer = await createUser();
    await signInAs(page, customer);
    for (const path of ['/admin/reports', '/admin/reports/1', '/admin/staff']) {
      const response = await page.goto(path);
      expect(response!.status(), path).toBe(404);
      await expect(page.getByRole('heading', { name: /not found/i })).toBeVisible();
    }
    const api = await page.request.get('/api/admin/reports');
    expect(api.status()).toBe(404);
    expect((await request.get('/api/admin/reports')).status()).toBe(401);
    const staff = await createUser({ role: 'staff' });
    await page.context().clearCookies();
    await signInAs(page, staff);
    expect((await page.goto('/admin/staff'))!.status()).toBe(404);
    await visit(page, '/admin/reports');
    await expect(page.getByRole('link', { name: 'Staff', exact: true })).toHaveCount(0);
  });

  test('an admin gives and removes staff access; the PIN goes with promotion', async ({ page, createUser, signInAs, sql }) => {
    const admin = await createUser({ role: 'admin' });
    const customer = await createUser({ withPin: true });
    // Role changes need a password re-authentication within 5 minutes (the prompt itself: step-up.spec.ts).
    await reauthenticatedNow(sql, (await signInAs(page, admin)).sessionId);
    await visit(page, '/admin/staff');
    await page.getByLabel('Username or email address').fill(customer.username);
    await page.getByLabel('Reason', { exact: true }).fill('Joins the review team');
    await page.getByRole('button', { name: 'Give access' }).click();
    await expect(page.getByText(`${customer.username} now has staff access.`)).toBeVisible();
    const [row] = await sql`select role, pin_hash from users where id = ${customer.id}`;
    expect(row).toMatchObject({ role: 'staff', pin_hash: null });
    const member = page.getByTestId('staff-member').filter({ hasText: customer.username });
    await expect(member).toBeVisible();
    await expect(page.getByTestId('staff-member').filter({ hasText: `${admin.username}` }).getByRole('button')).toHaveCount(0);
    await expectAccessible(page);
    await member.getByRole('button', { name: `Remove staff access from ${customer.username}` }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.getByLabel('Reason (kept in the audit log)').fill('Left the team');
    await dialog.getByRole('button', { name: 'Remove access' }).click();
    await expect(page.getByText(`${customer.username} is a customer again.`)).toBeVisible();
    const [after] = await sql`select role from users where id = ${customer.id}`;
    expect(after!.role).toBe('customer');
  });
});
