import type { Page, TestInfo } from '@playwright/test';
import { expect, expectAccessible, recordMailSecrets, test, unique, visit } from './fixtures';
import { expectFieldError, field, gotoForm, reauthenticatedNow, signInWithPassword } from './helpers';

/*
 * Issue 6, items 6 and 7: an admin sends a campaign (batched by the pg-boss
 * worker inside the e2e server) and publishes a privacy policy version;
 * customers see the notice and acknowledge it; /privacy shows the versions.
 * axe runs on every page (visit / expectAccessible).
 */

const shot = (page: Page, info: TestInfo, name: string) => page.screenshot({ path: info.outputPath(`${name}-${info.project.name}.png`), fullPage: true });

test.describe('campaigns and policy versions', () => {
  test('admin composes and sends a campaign; it finishes and the consenting customer has it with List-Unsubscribe', async ({ page, createUser, signInAs, sql }, info) => {
    const admin = await createUser({ role: 'admin' });
    const fan = await createUser();
    const optedOut = await createUser();
    await sql`insert into consents (user_id, topic, state) values (${fan.id}, 'offers', 'granted'), (${optedOut.id}, 'offers', 'withdrawn')`;
    // Sending needs a password re-authentication within 5 minutes (the prompt itself: step-up.spec.ts).
    await reauthenticatedNow(sql, (await signInAs(page, admin)).sessionId);

    await gotoForm(page, '/admin/campaigns');
    await expect(page.getByRole('heading', { level: 1, name: 'Campaigns' })).toBeVisible();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Review and send' }).click();
    await expectFieldError(page, 'Topic', 'Choose the topic customers subscribed to');
    await expectFieldError(page, 'Subject', 'Enter a subject');
    await expectFieldError(page, 'Message', 'Write the message');

    const subject = `Winter offers ${unique()}`;
    await field(page, 'Topic').selectOption('offers');
    await field(page, 'Subject').fill(subject);
    await field(page, 'Message').fill('Everything is half price this week.\n\nSee you soon.');
    const preview = page.getByTestId('email-preview');
    await expect(preview).toContainText(subject);
    await expect(preview).toContainText('You get this email because you subscribed to offers and promotions.');
    await shot(page, info, 'admin-campaigns-compose');
    await page.getByRole('button', { name: 'Review and send' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Send this campaign?' });
    await expect(dialog).toContainText(subject);
    await expectAccessible(page);
    // The campaign page asks the progress route (React Query) rather than relying on its first render.
    const polled = page.waitForResponse((r) => /\/api\/admin\/campaigns\/\d+$/.test(new URL(r.url()).pathname) && r.ok());
    await dialog.getByRole('button', { name: 'Send now' }).click();

    await expect(page).toHaveURL(/\/admin\/campaigns\/\d+$/);
    const id = Number(/(\d+)$/.exec(page.url())![1]);
    await expect(page.getByRole('heading', { level: 1, name: `Campaign #${id}: ${subject}` })).toBeVisible();
    // The worker sends the batches; the page refreshes its progress until it says so.
    await polled;
    await expect(page.getByTestId('campaign-status')).toHaveText(/^Finished/, { timeout: 30_000 });
    const [row] = await sql`select sent_count, audience, status from campaigns where id = ${id}`;
    expect(row).toMatchObject({ status: 'sent' });
    await expect(page.getByTestId('campaign-sent')).toHaveText(String(row!.sent_count));
    await expect(page.getByTestId('campaign-audience')).toHaveText(String(row!.audience));
    await expectAccessible(page);
    await shot(page, info, 'admin-campaign-progress');

    const mails = await sql`select recipient, subject, text, headers, topic from outbox where campaign_id = ${id} and user_id = ${fan.id}`;
    expect(mails).toHaveLength(1);
    recordMailSecrets(mails[0]!.text, mails[0]!.headers['List-Unsubscribe']);
    expect(mails[0]).toMatchObject({ recipient: fan.email, subject, topic: 'offers' });
    expect(mails[0]!.headers['List-Unsubscribe']).toMatch(/^<http:\/\/localhost:\d+\/api\/unsubscribe\?token=[^>]+>$/);
    expect(mails[0]!.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(mails[0]!.text).toContain('Unsubscribe: http');
    expect(await sql`select 1 from outbox where campaign_id = ${id} and user_id = ${optedOut.id}`).toHaveLength(0);

    await visit(page, '/admin/campaigns');
    await expect(page.getByTestId('campaign-row').filter({ hasText: subject })).toContainText('Finished');
    await shot(page, info, 'admin-campaigns-list');
  });

  test('campaign and policy admin pages and the progress route are for admins only', async ({ page, createUser, signInAs, request, sql }) => {
    const staff = await createUser({ role: 'staff' });
    const [c] = await sql`insert into campaigns (topic, subject, body, status) values ('newsletter', 'Authz check', 'Body', 'sent') returning id`;
    expect((await request.get(`/api/admin/campaigns/${c!.id}`)).status()).toBe(401);
    await signInAs(page, staff);
    for (const path of ['/admin/campaigns', `/admin/campaigns/${c!.id}`, '/admin/policy']) {
      expect((await page.goto(path))?.status(), path).toBe(404);
    }
    expect((await page.request.get(`/api/admin/campaigns/${c!.id}`)).status()).toBe(404);
    await page.goto('/admin');
    await expect(page.getByRole('navigation', { name: 'Staff sections' }).getByRole('link', { name: 'Campaigns' })).toHaveCount(0);
  });

  test('admin publishes a policy version: customers are told, see the notice, and /privacy shows it and the earlier one', async ({ page, createUser, signInAs, sql }, info) => {
    const admin = await createUser({ role: 'admin' });
    const customer = await createUser();
    const earlier = `e2e-old-${unique()}`;
    await sql`insert into policy_versions (version, summary, body, published_at)
              values (${earlier}, 'An earlier summary of changes.', ${'# What we said before\n\nOld words.'}, now() - interval '30 days')`;
    await reauthenticatedNow(sql, (await signInAs(page, admin)).sessionId);

    await gotoForm(page, '/admin/policy');
    await expect(page.getByRole('heading', { level: 1, name: 'Privacy policy' })).toBeVisible();
    await expectAccessible(page);
    await field(page, 'Policy text').fill('');
    await page.getByRole('button', { name: 'Review and publish' }).click();
    await expectFieldError(page, 'Version label', 'Enter a version label, like 2026-12');
    await expectFieldError(page, 'Summary of changes', 'Say what changed: customers see this summary');
    await expectFieldError(page, 'Policy text', 'Enter the policy text');

    // A label already used: only the server can tell, and says so beside the field, keeping what was typed.
    const summary = 'Login history is now kept for 90 days.';
    await field(page, 'Version label').fill(earlier);
    await field(page, 'Summary of changes').fill(summary);
    await field(page, 'Policy text').fill('# Login history\n\nWe keep it for 90 days.\n\n- when\n- where from');
    await page.getByRole('button', { name: 'Preview' }).click();
    await expect(page.locator('#policy-preview').getByRole('heading', { name: 'Login history' })).toBeVisible();
    await expect(page.locator('#policy-preview').getByRole('listitem')).toHaveText(['when', 'where from']);
    await page.getByRole('button', { name: 'Review and publish' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Publish now' }).click();
    await expectFieldError(page, 'Version label', 'A version with this label exists already. Choose another label.');
    await expect(field(page, 'Summary of changes')).toHaveValue(summary);

    const label = `e2e-${unique()}`;
    await field(page, 'Version label').fill(label);
    await page.getByRole('button', { name: 'Review and publish' }).click();
    const dialog = page.getByRole('alertdialog', { name: `Publish version ${label}?` });
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Publish now' }).click();
    await expect(page.getByRole('status').filter({ hasText: `Version ${label} is published.` })).toBeVisible();
    await expect(page.getByTestId('policy-version').first()).toContainText(`Version ${label} (in force)`);
    await shot(page, info, 'admin-policy');

    // The worker emails every active account created before the version, in batches (a service message).
    const [v] = await sql`select id from policy_versions where version = ${label}`;
    await expect
      .poll(async () => (await sql`select count(*)::int as n from outbox where user_id = ${customer.id} and topic = 'service' and headers ->> 'X-Policy-Version' = ${String(v!.id)}`)[0]!.n, {
        timeout: 30_000,
      })
      .toBe(1);

    // The customer, signed in, sees the notice for it.
    await page.context().clearCookies();
    await signInAs(page, customer);
    await visit(page, '/account');
    await expect(page.getByTestId('policy-notice')).toContainText(`Version ${label}: ${summary}`);

    await visit(page, '/privacy');
    await expect(page.getByRole('heading', { level: 1, name: 'Privacy policy' })).toBeVisible();
    await expect(page.getByTestId('current-version')).toContainText(`Version ${label}, in force since`);
    await expect(page.getByRole('heading', { level: 2, name: 'Login history' })).toBeVisible();
    const old = page.getByTestId('earlier-version').filter({ hasText: `Version ${earlier}` });
    await old.locator('summary').click();
    await expect(old).toContainText('What changed: An earlier summary of changes.');
    await expect(old.getByRole('heading', { level: 3, name: 'What we said before' })).toBeVisible();
    await expectAccessible(page);
    await shot(page, info, 'privacy');
  });

  test('a signed-in customer acknowledges the policy notice and it is gone @phone', async ({ page, createUser, sql }, info) => {
    const customer = await createUser();
    // An account older than any version, so the version in force (whichever test published it) is new to this customer.
    await sql`update users set created_at = now() - interval '10 years' where id = ${customer.id}`;
    await sql`insert into policy_versions (version, summary, body, published_at)
              select ${`e2e-first-${unique()}`}, 'First version.', 'Our policy.', now() - interval '1 hour'
              where not exists (select 1 from policy_versions)`;
    await signInWithPassword(page, customer.username, customer.password);
    await expect(page.getByRole('heading', { level: 1, name: 'Your information' })).toBeVisible();
    const notice = page.getByRole('region', { name: 'We updated our privacy policy' });
    await expect(notice).toBeVisible();
    await expectAccessible(page);
    await shot(page, info, 'account-policy-notice');
    const version = /Version (.+?):/.exec((await notice.textContent()) ?? '')![1]!;

    await notice.getByRole('button', { name: 'I have read it' }).click();
    await expect(page.getByTestId('policy-notice').filter({ hasText: `Version ${version}:` })).toHaveCount(0);
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Your information' })).toBeVisible();
    await expect(page.getByTestId('policy-notice').filter({ hasText: `Version ${version}:` })).toHaveCount(0);
    const acks = await sql`select a.ip, a.user_agent from policy_acknowledgements a join policy_versions v on v.id = a.policy_version_id
                           where a.user_id = ${customer.id} and v.version = ${version}`;
    expect(acks).toHaveLength(1);
    expect(acks[0]!.ip).toBeTruthy();
    expect(acks[0]!.user_agent).toMatch(/Mozilla/);

    // The footer links to the public policy.
    await page.getByRole('contentinfo').getByRole('link', { name: 'Privacy policy' }).click();
    await expect(page).toHaveURL(/\/privacy$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Privacy policy' })).toBeVisible();
  });
});
