import type { Page } from '@playwright/test';
import type postgres from 'postgres';
import { expect, expectAccessible, latestMail, secondSignedInPage, test, unique, visit } from './fixtures';
import { expectFieldError, field, formAlert, gotoForm, linkFromDevMail, shoot, tamperWithAction } from './helpers';

/*
 * The contact inbox (issue 15), end to end: a visitor writes, confirms by the
 * emailed link, staff answer, the visitor writes back by the link in the
 * answer; a signed-in customer's conversation; bad input. axe runs on every
 * page visited, and every new page is photographed on desktop and phone.
 */

const SCRIPT = '<script>window.__contactXss = 1</script> <img src=x onerror="window.__contactXss=2"> see https://evil.example/phish';

/** The link to a page of ours in the newest email to `to` (the outbox, as the app wrote it), as a path. */
async function linkInMail(sql: postgres.Sql, to: string, path: '/contact/confirm' | '/contact/reply') {
  let text = '';
  await expect.poll(async () => (text = (await latestMail(sql, to))?.text ?? '').includes(path), { message: `a ${path} link to ${to}` }).toBe(true);
  const url = new URL(new RegExp(`https?://\\S+${path}\\?\\S+`).exec(text)![0]);
  return url.pathname + url.search;
}

async function fillContact(page: Page, values: { topic: string; message: string; email?: string }) {
  await field(page, 'What is your message about?').selectOption({ label: values.topic });
  await field(page, 'Your message').fill(values.message);
  if (values.email !== undefined) await field(page, 'Email address for our answer').fill(values.email);
}

/** Staff open a message from the inbox, claim it and look at it. */
async function claimFromInbox(staff: Page, id: number) {
  await visit(staff, '/admin/messages?status=all');
  await staff.getByRole('link', { name: `Message #${id}`, exact: true }).click();
  await expect(staff.getByRole('heading', { level: 1, name: new RegExp(`^Message #${id}:`) })).toBeVisible();
  await staff.getByRole('button', { name: 'Claim this message' }).click();
  await expect(staff.getByTestId('holder')).toHaveText(/^You hold this message/);
}

async function answer(staff: Page, text: string) {
  await field(staff, 'Your answer').fill(text);
  await staff.getByRole('button', { name: 'Send answer' }).click();
  await expect(staff.getByText('Sent: your answer is on its way.')).toBeVisible();
}

test.describe('the contact inbox', () => {
  // Every test writes from the same client address: the per-IP limit (5 an hour) is not what these tests are about.
  test.beforeEach(async ({ sql }) => {
    await sql`delete from throttles where key like 'contact-ip:%'`;
  });

  test('a visitor writes, confirms by the emailed link, staff answer, the visitor writes back by the link @phone', async ({ page, browser, createUser, signInAs, sql }, testInfo) => {
    test.slow(); // two browsers and a whole conversation: longer than one page's budget on a 2-core machine
    const email = `visitor${unique()}@example.test`;

    // Linked from every page's footer.
    await visit(page, '/');
    await page.getByRole('contentinfo').getByRole('link', { name: 'Contact us' }).click();
    await expect(page).toHaveURL(/\/contact$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Contact us' })).toBeVisible();
    await gotoForm(page, '/contact');
    await expectAccessible(page);

    // Empty: every field says what it needs, nothing is sent.
    await page.getByRole('button', { name: 'Send message' }).click();
    await expectFieldError(page, 'What is your message about?', 'Choose what your message is about');
    await expectFieldError(page, 'Your message', 'Enter your message');
    await expectFieldError(page, 'Email address for our answer', 'Enter an email address');
    await expectAccessible(page);
    await shoot(page, testInfo, 'contact-errors');

    await fillContact(page, { topic: 'A question about my data', message: SCRIPT, email });
    await page.getByRole('button', { name: 'Send message' }).click();
    await expect(page.getByRole('heading', { name: 'Check your email' })).toBeFocused();
    await expect(page.getByText(email)).toBeVisible();
    await expectAccessible(page);
    await shoot(page, testInfo, 'contact-check-email');

    // The confirmation link, as a developer reads it at /dev/mail.
    const subject = (await latestMail(sql, email))!.subject;
    const id = Number(/#(\d+)/.exec(subject)![1]);
    expect(subject).toBe(`Confirm your message to us (#${id})`);
    const confirmUrl = await linkFromDevMail(page, email, subject);
    expect((await latestMail(sql, email))!.text).not.toContain('evil.example');
    await visit(page, confirmUrl);
    await expect(page.getByRole('heading', { level: 1, name: 'Confirm your message' })).toBeVisible();
    await shoot(page, testInfo, 'contact-confirm');
    await page.getByRole('button', { name: 'Confirm and send my message' }).click();
    await expect(page.getByText(`Thank you: message #${id} is with our staff.`)).toBeVisible();
    await expectAccessible(page);

    // Staff: the inbox, the message (its text inert), the answer.
    const staff = await createUser({ role: 'staff' });
    const errors: string[] = [];
    const staffPage = await secondSignedInPage(browser, signInAs, staff, errors);
    await visit(staffPage, '/admin/messages');
    await expect(staffPage.getByTestId('inbox-row').filter({ hasText: `Message #${id}` })).toContainText('A question about my data');
    await shoot(staffPage, testInfo, 'admin-messages-list');
    await claimFromInbox(staffPage, id);
    const written = staffPage.getByTestId('thread-text').first();
    await expect(written).toHaveText(SCRIPT);
    await expect(staffPage.getByRole('link', { name: /evil\.example/ })).toHaveCount(0);
    expect(await staffPage.evaluate(() => (window as unknown as { __contactXss?: number }).__contactXss)).toBeUndefined();
    await expectAccessible(staffPage);
    await answer(staffPage, 'We hold only this message about you.\n\nIs there anything else?');
    await expectAccessible(staffPage);
    await shoot(staffPage, testInfo, 'admin-message');

    // The visitor: our answer by email, with a single-use link to write back.
    expect((await latestMail(sql, email))!.subject).toBe(`Our answer to your message #${id}`);
    const replyUrl = await linkInMail(sql, email, '/contact/reply');
    await visit(page, replyUrl);
    await expect(page.getByRole('heading', { level: 1, name: `Message #${id}: A question about my data` })).toBeVisible();
    await expect(page.getByTestId('thread')).toContainText('We hold only this message about you.');
    await expect(page.getByTestId('thread')).toContainText('Staff member');
    await expect(page.getByTestId('thread')).not.toContainText(staff.username);
    expect(await page.evaluate(() => (window as unknown as { __contactXss?: number }).__contactXss)).toBeUndefined();
    await shoot(page, testInfo, 'contact-reply');
    await page.getByRole('button', { name: 'Send' }).click();
    await expectFieldError(page, 'Your message', 'Enter your message');
    await field(page, 'Your message').fill('No, that is all. Thank you!');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(page.getByText('Thank you: your message is with our staff.')).toBeVisible();
    await expectAccessible(page);
    // The link is used up.
    await visit(page, replyUrl);
    await expect(page.getByText(/This link is not valid, has expired or was already used/)).toBeVisible();

    // Staff see the visitor's answer, waiting for them again.
    await staffPage.reload();
    await expect(staffPage.getByTestId('thread')).toContainText('No, that is all. Thank you!');
    await expect(staffPage.getByText('Needs an answer').first()).toBeVisible();
    await staffPage.context().close();
    expect(errors).toEqual([]);
  });

  test('a signed-in customer writes, staff answer, the customer reads, writes back, closes; the access log shows it @phone', async ({ page, browser, createUser, signInAs, sql }, testInfo) => {
    test.slow();
    const customer = await createUser();
    const staff = await createUser({ role: 'staff' });
    await signInAs(page, customer);
    await gotoForm(page, '/contact');
    await expect(field(page, 'Email address for our answer')).toHaveValue(customer.email);
    await expect(field(page, 'Email address for our answer')).toHaveAccessibleDescription(/Your confirmed account address/);
    await fillContact(page, { topic: 'Correct my data', message: 'My city is York, not Leeds.' });
    await page.getByRole('button', { name: 'Send message' }).click();
    await expect(page).toHaveURL(/\/account\/messages\/\d+\?sent=1$/);
    const id = Number(/messages\/(\d+)/.exec(page.url())![1]);
    await expect(page.getByText(`Thank you. Message #${id} is with our staff`)).toBeVisible();
    await expect(page.getByText(/\d+ days left/)).toBeVisible();
    await expectAccessible(page);
    expect((await latestMail(sql, customer.email))!.subject).toBe(`We received your message #${id}`);

    await visit(page, '/account/messages');
    await expect(page.getByTestId('conversation-row').filter({ hasText: `Message #${id}: Correct my data` })).toContainText('Waiting for our answer');
    await shoot(page, testInfo, 'account-messages-list');

    const errors: string[] = [];
    const staffPage = await secondSignedInPage(browser, signInAs, staff, errors);
    await claimFromInbox(staffPage, id);
    await expect(staffPage.getByText(`Customer ${customer.username} (signed in)`)).toBeVisible();
    await staffPage.getByText('Add an internal note', { exact: true }).click();
    await field(staffPage, 'Note').fill('Checked the profile: the city is Leeds.');
    await staffPage.getByRole('button', { name: 'Add note' }).click();
    await expect(staffPage.getByText('Note added.')).toBeVisible();
    await answer(staffPage, 'Thank you. Please use "Report a mistake" beside your city, or we can open a report for you.');
    await staffPage.context().close();
    expect(errors).toEqual([]);

    // A notice by email; the answer itself is behind sign-in.
    const notice = (await latestMail(sql, customer.email))!;
    expect(notice.subject).toBe(`We answered your message #${id}`);
    expect(notice.text).not.toContain('Report a mistake');
    await visit(page, `/account/messages/${id}`);
    const thread = page.getByTestId('thread');
    await expect(thread).toContainText('Please use "Report a mistake"');
    await expect(thread).not.toContainText('Checked the profile');
    await expect(thread).not.toContainText(staff.username);
    await shoot(page, testInfo, 'account-message');
    await field(page, 'Your message').fill('I will use the report link. Thanks!');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(page).toHaveURL(new RegExp(`/account/messages/${id}\\?written=1$`));
    await expect(page.getByText('Thank you: your message is with our staff.')).toBeVisible();
    await expect(thread).toContainText('I will use the report link. Thanks!');
    await page.getByRole('button', { name: 'Close this conversation' }).click();
    const dialog = page.getByRole('alertdialog', { name: `Close message #${id}?` });
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Close conversation' }).click();
    await expect(page.getByRole('button', { name: 'Close this conversation' })).toHaveCount(0);
    await expect(page.getByText('Closed', { exact: true }).first()).toBeVisible();
    await expectAccessible(page);

    // Who accessed your information: every staff look and action, by role, linking to the message.
    await visit(page, '/account');
    const access = page.getByTestId('access-log');
    for (const label of ['Read your message', 'Took your message to answer it', 'Added an internal note to your message', 'Answered your message']) {
      await expect(access.locator('li').filter({ hasText: label }).first()).toBeVisible();
    }
    await expect(access.locator('li').filter({ hasText: 'Answered your message' }).getByRole('link', { name: `your message #${id}` })).toBeVisible();
    await expect(access).not.toContainText(staff.username);
  });

  test('bad input keeps what was typed: too long, a refused address, a forged link', async ({ page, sql }) => {
    const email = `bad${unique()}@example.test`;
    await gotoForm(page, '/contact');
    const long = 'x'.repeat(5001);
    await fillContact(page, { topic: 'Something else', message: long, email: 'not an address' });
    await page.getByRole('button', { name: 'Send message' }).click();
    await expectFieldError(page, 'Your message', 'Use at most 5000 characters');
    await expectFieldError(page, 'Email address for our answer', 'Enter a valid email address, like name@example.com');
    await expect(field(page, 'Your message')).toHaveValue(long);
    await expectAccessible(page);

    // The server refuses (this address is rate limited): the message says so, and the text stays.
    await sql`insert into throttles (key, failures, locked_until, window_started_at, updated_at) values (${`contact-addr:${email}`}, 9, now() + interval '1 hour', now(), now())`;
    await field(page, 'Your message').fill('Please delete everything you hold about me.');
    await field(page, 'Email address for our answer').fill(email);
    await page.getByRole('button', { name: 'Send message' }).click();
    await expect(formAlert(page)).toHaveText(/You sent several messages in a short time/);
    await expect(field(page, 'Your message')).toHaveValue('Please delete everything you hold about me.');
    await expect(field(page, 'What is your message about?')).toHaveValue('other');
    await sql`delete from throttles where key = ${`contact-addr:${email}`}`;

    // A forged token in the button's request: refused with the page's words, nothing confirmed; the real link still works.
    await page.getByRole('button', { name: 'Send message' }).click();
    await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
    const confirmUrl = await linkInMail(sql, email, '/contact/confirm');
    await visit(page, confirmUrl);
    // The action posts to the page's own URL, query string and all.
    await tamperWithAction(page, '/contact/confirm*', (v) => {
      v.token = 'forged-token-forged-token-forged-token-123';
    });
    await page.getByRole('button', { name: 'Confirm and send my message' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'This link is not valid, has expired or was already used. Nothing was changed.' })).toBeVisible();
    await page.unrouteAll();
    const [row] = await sql`select status from conversations where reply_to = ${email}`;
    expect(row!.status).toBe('unverified');
    await page.getByRole('button', { name: 'Confirm and send my message' }).click();
    await expect(page.getByText(/is with our staff/)).toBeVisible();

    // Forged links in the address bar.
    await visit(page, '/contact/confirm?c=1&token=forged');
    await expect(page.getByText(/This link is not valid, has expired or was already used/)).toBeVisible();
    await visit(page, '/contact/reply?c=abc&token=');
    await expect(page.getByText(/This link is not valid, has expired or was already used/)).toBeVisible();
  });

  test('the privacy policy links to the contact form; a customer’s Messages section is in the account menu', async ({ page, createUser, signInAs }) => {
    await visit(page, '/privacy');
    await page.getByRole('region', { name: 'Questions or requests about your information' }).getByRole('link', { name: 'contact us' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Contact us' })).toBeVisible();
    await signInAs(page, await createUser());
    await visit(page, '/account/messages');
    await expect(page.getByText('You have not written to us yet.')).toBeVisible();
    const nav = page.getByRole('navigation', { name: 'Account sections' }).first();
    if (!test.info().project.use.isMobile) await expect(nav.getByRole('link', { name: 'Messages' })).toHaveAttribute('aria-current', 'page');
  });
});
