import { mkdirSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page, TestInfo } from '@playwright/test';
import { test, expect, visit, unique, recordMailSecrets } from './fixtures';
import { field, gotoForm } from './helpers';

const root = path.resolve(import.meta.dirname, '..');

async function shoot(page: Page, testInfo: TestInfo, name: string) {
  const dir = path.join(root, 'screenshots', testInfo.project.name);
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true, scale: 'css' });
}

/**
 * Chrome reports each script it refuses in the sandboxed frame, the email's
 * own and the test tools' probes alike, as a console error: expected here, so
 * taken out of the fixture's list of page errors (anything else still fails).
 */
const SANDBOX_NOTICE = /^Blocked script execution in 'about:srcdoc' because the document's frame is sandboxed/;
function dropSandboxNotices(errors: string[]) {
  errors.splice(0, errors.length, ...errors.filter((e) => !SANDBOX_NOTICE.test(e)));
}

const message = (page: Page, recipient: string) => page.getByTestId('message').filter({ has: page.getByTestId('recipient').getByText(recipient, { exact: true }) });

test.describe('/dev/mail, the outbox viewer', () => {
  test('shows the topic and List-Unsubscribe headers, and the HTML part in a sandbox where its scripts cannot run', async ({ page, sql, consoleErrors }, testInfo) => {
    const to = `promo${unique()}@example.test`;
    const oneClick = `http://localhost/api/unsubscribe?token=t${unique()}`;
    const html = `<!doctype html><html lang="en"><head><title>Offer</title></head><body><p id="said">A hand-written offer.</p><script>document.getElementById('said').textContent = 'script ran'; parent.document.title = 'taken over';</script></body></html>`;
    await sql`insert into outbox (channel, recipient, subject, text, html, headers, topic, status, sent_at)
      values ('email', ${to}, 'Spring offer', 'A hand-written offer.', ${html},
              ${sql.json({ 'List-Unsubscribe': `<${oneClick}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' })}, 'offers', 'sent', now())`;

    await visit(page, '/dev/mail');
    const item = message(page, to);
    await expect(item.getByRole('heading', { level: 2, name: 'Spring offer' })).toBeVisible();
    await expect(item.getByTestId('topic')).toHaveText('Offers and promotions');
    const headers = item.getByRole('definition');
    await expect(item.getByRole('term')).toHaveText(['List-Unsubscribe', 'List-Unsubscribe-Post']);
    await expect(headers).toHaveText([`<${oneClick}>`, 'List-Unsubscribe=One-Click']);

    // Collapsed until asked for; opened by keyboard.
    const frame = item.getByTitle('HTML version of “Spring offer”');
    await expect(frame).toBeHidden();
    await item.getByText('Show the HTML version').focus();
    await page.keyboard.press('Enter');
    await expect(frame).toBeVisible();
    await expect(frame).toHaveAttribute('sandbox', '');
    await expect(item.frameLocator('iframe').getByText('A hand-written offer.')).toBeVisible();
    await expect(item.frameLocator('iframe').getByText('script ran')).toHaveCount(0);
    await expect(page).toHaveTitle(/Development mail/);
    await item.scrollIntoViewIfNeeded();
    await shoot(page, testInfo, 'dev-mail-headers');
    // The browser says why: the sandbox blocked the script.
    expect(consoleErrors).toContainEqual(expect.stringMatching(SANDBOX_NOTICE));
    dropSandboxNotices(consoleErrors);
  });

  test('a mail sent by the app shows its React Email HTML part, with the same link as the text part, and that HTML passes axe', async ({ page, createUser, sql, consoleErrors }, testInfo) => {
    const user = await createUser();
    await gotoForm(page, '/forgot-password');
    await field(page, 'Username or email').fill(user.username);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'If an account matches' })).toBeVisible();

    await visit(page, '/dev/mail');
    const item = message(page, user.email).first();
    await expect(item.getByTestId('topic')).toHaveText('Service messages');
    await expect(item.getByTestId('header')).toHaveCount(0);
    const textLink = /Choose a new password: (\S+)/.exec((await item.locator('pre').textContent()) ?? '')![1]!;
    await item.getByText('Show the HTML version').click();
    const email = item.frameLocator('iframe');
    await expect(email.getByRole('link', { name: 'Choose a new password' })).toHaveAttribute('href', textLink);
    await expect(email.locator('html')).toHaveAttribute('lang', 'en');
    await expect(email.getByText('Account Center', { exact: true })).toBeVisible();
    await item.scrollIntoViewIfNeeded();
    await shoot(page, testInfo, 'dev-mail-html');

    dropSandboxNotices(consoleErrors);

    // axe cannot run inside a script-less sandbox, so the email's HTML is checked as a document of its own, against
    // WCAG 2.1 AA. (Not the page best practices: an email sits inside the mail app's page, whose landmarks and h1 it must not duplicate.)
    const [{ html }] = (await sql`select html from outbox where recipient = ${user.email} order by id desc limit 1`) as unknown as [{ html: string }];
    recordMailSecrets(html);
    await page.setContent(html);
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    expect(results.passes.map((p) => p.id)).toEqual(expect.arrayContaining(['html-has-lang', 'document-title', 'color-contrast', 'link-name']));
    await shoot(page, testInfo, 'email-password-reset');
  });
});
