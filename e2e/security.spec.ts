import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import type postgres from 'postgres';
import { test as base, expect, visit, typed, expectAccessible, randomPin, recordMailSecrets, type TestUser } from './fixtures';
import { expectFieldError, expectSignedIn, field, formAlert, INVALID_SIGN_IN, signInWithPassword, signInWithPin } from './helpers';

const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0';
const SAFARI_IOS = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1';
const logFile = path.resolve(import.meta.dirname, '..', '.data', 'e2e-server.log');

/**
 * Another browser: a context of its own (own cookies) with its own user agent,
 * closed after the test. The project's options (baseURL, viewport) still apply.
 */
const test = base.extend<{ otherBrowser: (userAgent: string) => Promise<Page> }>({
  otherBrowser: async ({ browser }: { browser: Browser }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async (userAgent) => {
      const context = await browser.newContext({ userAgent });
      contexts.push(context);
      return context.newPage();
    });
    await Promise.all(contexts.map((c) => c.close()));
  },
});

/** signInAs records the user agent "fixture"; a real sign-in records the browser's own, so do the same. */
async function recordUserAgent(sql: postgres.Sql, page: Page, sessionId: string) {
  const ua = await page.evaluate(() => navigator.userAgent).catch(() => null);
  await sql`update sessions set user_agent = ${ua} where id = ${sessionId}`;
}

const sessionItems = (page: Page) => page.getByTestId('session');
const security = (page: Page) => page.getByRole('heading', { level: 1, name: 'Security' });

/** A signed-out browser's next request lands on sign-in. */
async function expectSignedOut(page: Page) {
  await page.goto('/account/security');
  await expect(page).toHaveURL(/\/sign-in(\?|$)/);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
}

async function expectStillSignedIn(page: Page) {
  await page.goto('/account/security');
  await expect(security(page)).toBeVisible();
}

const revoked = async (sql: postgres.Sql, ids: string[]) =>
  (await sql`select id, revoked_reason from sessions where id = any(${ids}::uuid[]) order by array_position(${ids}::uuid[], id)`).map((r) => r.revoked_reason as string | null);

async function mailSubjects(sql: postgres.Sql, user: TestUser) {
  return (await sql`select subject from outbox where recipient = ${user.email} order by id`).map((r) => r.subject as string);
}

test.describe('account security', () => {
  test('sessions from two browsers: both listed, end the other one, then sign out other sessions by keyboard @phone', async ({ page, createUser, signInAs, otherBrowser, sql }) => {
    const user = await createUser();
    await page.goto('/'); // a document to read navigator.userAgent from
    const a = await signInAs(page, user);
    await recordUserAgent(sql, page, a.sessionId);
    const pageB = await otherBrowser(FIREFOX_LINUX);
    const b = await signInAs(pageB, user);
    await sql`update sessions set user_agent = ${FIREFOX_LINUX}, ip = '198.51.100.23', last_seen_at = now() - interval '1 minute' where id = ${b.sessionId}`;
    await expectStillSignedIn(pageB);

    await visit(page, '/account/security');
    await expect(sessionItems(page)).toHaveCount(2);
    await expect(sessionItems(page).first()).toContainText('This device');
    const other = sessionItems(page).filter({ hasText: 'Firefox 121 on Linux' });
    await expect(other).toContainText('IP 198.51.100.23');
    await expect(other).not.toContainText('This device');

    await other.getByRole('button', { name: 'Sign out Firefox 121 on Linux' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'That session is signed out.' })).toBeVisible();
    await expect(sessionItems(page)).toHaveCount(1);
    expect(await revoked(sql, [a.sessionId, b.sessionId])).toEqual([null, 'ended_by_user']);
    await expectSignedOut(pageB);

    // A third browser, then "Sign out other sessions", reached with the keyboard.
    const pageC = await otherBrowser(SAFARI_IOS);
    const c = await signInAs(pageC, user);
    await sql`update sessions set user_agent = ${SAFARI_IOS} where id = ${c.sessionId}`;
    await page.reload();
    await expect(sessionItems(page)).toHaveCount(2);
    await expect(sessionItems(page).filter({ hasText: 'Safari 17 on iOS 17' })).toBeVisible();
    const signOutOthers = page.getByRole('button', { name: 'Sign out other sessions' });
    // From the last session's own button, one Tab reaches "Sign out other sessions".
    await sessionItems(page).last().getByRole('button').focus();
    await page.keyboard.press('Tab');
    await expect(signOutOthers).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('status').filter({ hasText: 'Every other session is signed out.' })).toBeVisible();
    await expect(sessionItems(page)).toHaveCount(1);
    await expect(sessionItems(page)).toContainText('This device');
    expect(await revoked(sql, [a.sessionId, c.sessionId])).toEqual([null, 'signed_out_others']);
    await expectSignedOut(pageC);
    await expectStillSignedIn(page);
  });

  test('"Sign out everywhere" signs out both browsers', async ({ page, createUser, signInAs, otherBrowser, sql }) => {
    const user = await createUser();
    const a = await signInAs(page, user);
    const pageB = await otherBrowser(FIREFOX_LINUX);
    const b = await signInAs(pageB, user);
    await expectStillSignedIn(pageB);
    await page.goto('/account/security');
    // Let the idle timer's first status check finish: one still in flight when the sessions end
    // comes back "revoked", and the idle timer treats any ended session as timed out (reason=timeout).
    await page.waitForLoadState('networkidle');
    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await expect(page).toHaveURL(/\/sign-in\?reason=signed-out$/);
    await expect(page.getByRole('status').filter({ hasText: 'You are signed out.' })).toBeVisible();
    expect(await revoked(sql, [a.sessionId, b.sessionId])).toEqual(['signed_out_everywhere', 'signed_out_everywhere']);
    await expectSignedOut(page);
    await expectSignedOut(pageB);
  });

  test('"This wasn\'t me" on a real sign-in: every browser is signed out, the old password fails, the emailed link sets a new one', async ({
    page,
    createUser,
    signInAs,
    otherBrowser,
    sql,
  }) => {
    const user = await createUser();
    const pageB = await otherBrowser(FIREFOX_LINUX);
    const b = await signInAs(pageB, user);
    // A real sign-in through the form makes the login history entry.
    await signInWithPassword(page, user.username, user.password);
    await expectSignedIn(page);
    // This browser never signed in to the account before: a security email says so.
    expect(await mailSubjects(sql, user)).toEqual(['New sign-in to your account']);

    await visit(page, '/account/security');
    const entry = page.getByTestId('login-event').first();
    await expect(entry).toContainText('Signed in · password');
    const notMe = entry.getByRole('button', { name: /^This wasn't me: Signed in at / });
    // One prompt serves every row: Escape closes it and focus goes back to the row's button.
    await notMe.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('alertdialog', { name: 'Secure your account?' });
    await expect(dialog).toBeVisible();
    // (While it is open the rest of the page is hidden from assistive technology, so the button is found by its markup.)
    await expect(entry.locator('button[aria-haspopup="dialog"]')).toHaveAttribute('aria-expanded', 'true');
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(notMe).toBeFocused();
    await expect(notMe).toHaveAttribute('aria-expanded', 'false');
    await notMe.click();
    await expect(dialog).toBeVisible();
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Secure my account' }).click();
    await expect(page).toHaveURL(/\/sign-in\?reason=secured$/);
    await expect(page.getByRole('status').filter({ hasText: 'We signed out every device' })).toBeVisible();

    const [live] = await sql`select count(*)::int as n from sessions where user_id = ${user.id} and revoked_at is null`;
    expect(live!.n).toBe(0);
    expect((await revoked(sql, [b.sessionId]))[0]).toBe('reported_not_me');
    const [row] = await sql`select pin_hash from users where id = ${user.id}`;
    expect(row!.pin_hash).toBeNull();
    await expectSignedOut(page);
    await expectSignedOut(pageB);

    await signInWithPassword(page, user.username, user.password);
    await expect(formAlert(page)).toHaveText(INVALID_SIGN_IN);

    const [mail] = await sql`select text from outbox where recipient = ${user.email} and subject = 'We secured your account' order by id desc limit 1`;
    recordMailSecrets(mail!.text as string);
    const link = new URL(/https?:\/\/\S+/.exec(mail!.text as string)![0]);
    expect(link.pathname).toBe('/reset-password');
    typed(link.searchParams.get('token')!);
    await page.goto(link.pathname + link.search);
    const fresh = typed(`fresh start ${Date.now().toString(36)} willow`);
    await field(page, 'New password').fill(fresh);
    await page.getByRole('button', { name: 'Set new password' }).click();
    await expect(page).toHaveURL(/\/sign-in\?reason=reset$/);
    await signInWithPassword(page, user.username, fresh);
    await expectSignedIn(page);
  });

  test('change password through the form: wrong current password by its field, then success signs the other browser out and sends an email', async ({
    page,
    createUser,
    signInAs,
    otherBrowser,
    sql,
  }) => {
    const user = await createUser();
    const a = await signInAs(page, user);
    const pageB = await otherBrowser(FIREFOX_LINUX);
    const b = await signInAs(pageB, user);
    await page.goto('/account/security');
    const form = page.getByRole('form', { name: 'Change your password' });
    const fresh = typed(`quiet orchard ${Date.now().toString(36)} lamp`);

    await field(form, 'Current password').fill(typed('this is not my password'));
    await field(form, 'New password').fill(fresh);
    await form.getByRole('button', { name: 'Change password' }).click();
    await expectFieldError(form, 'Current password', 'Your current password is not right.');
    await expect(field(form, 'Current password')).toBeFocused();
    expect(await revoked(sql, [b.sessionId])).toEqual([null]);

    await field(form, 'Current password').fill(user.password);
    await field(form, 'New password').fill(fresh);
    await form.getByRole('button', { name: 'Change password' }).click();
    await expect(form.getByRole('status')).toHaveText('Your password is changed. Your other devices were signed out, and we emailed you about it.');
    await expect(field(form, 'Current password')).toHaveValue('');
    expect(await revoked(sql, [a.sessionId, b.sessionId])).toEqual([null, 'password_changed']);
    expect(await mailSubjects(sql, user)).toContain('Your password was changed');
    await expectStillSignedIn(page);
    await expectSignedOut(pageB);

    await signInWithPassword(pageB, user.username, user.password);
    await expect(formAlert(pageB)).toHaveText(INVALID_SIGN_IN);
    await signInWithPassword(pageB, user.username, fresh);
    await expectSignedIn(pageB);
  });

  test('PIN: set, change and remove through the form; PIN sign-in works or fails accordingly', async ({ page, createUser, signInAs, otherBrowser, sql }) => {
    const user = await createUser();
    await sql`update users set pin_hash = null where id = ${user.id}`;
    await signInAs(page, user);
    const pageB = await otherBrowser(FIREFOX_LINUX);
    await page.goto('/account/security');

    // Set
    let form = page.getByRole('form', { name: 'Set up a PIN' });
    const first = typed(randomPin());
    await field(form, 'Current password').fill(user.password);
    await field(form, 'New PIN').fill(first);
    await form.getByRole('button', { name: 'Set PIN' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Your PIN is set.' })).toBeVisible();
    form = page.getByRole('form', { name: 'Change your PIN' });
    await expect(form).toBeVisible();
    await signInWithPin(pageB, user.mobileLocal!, first);
    await expectSignedIn(pageB);

    // Change: the other browser is signed out, the old PIN stops working
    let second = typed(randomPin());
    while (second === first) second = typed(randomPin());
    await field(form, 'Current password').fill(user.password);
    await field(form, 'New PIN').fill(second);
    await form.getByRole('button', { name: 'Change PIN' }).click();
    await expect(form.getByRole('status')).toHaveText('Your PIN is changed. Your other devices were signed out.');
    await expectSignedOut(pageB);
    await signInWithPin(pageB, user.mobileLocal!, first);
    await expect(formAlert(pageB)).toHaveText(INVALID_SIGN_IN);
    await signInWithPin(pageB, user.mobileLocal!, second);
    await expectSignedIn(pageB);

    // Remove, with a wrong current password first
    await field(form, 'Current password').fill(typed('not the password at all'));
    await form.getByRole('button', { name: 'Remove PIN (needs current password)' }).click();
    await expectFieldError(form, 'Current password', 'Your current password is not right.');
    await field(form, 'Current password').fill(user.password);
    await form.getByRole('button', { name: 'Remove PIN (needs current password)' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Your PIN is removed.' })).toBeVisible();
    await expect(page.getByRole('form', { name: 'Set up a PIN' })).toBeVisible();
    await expectSignedOut(pageB);
    await signInWithPin(pageB, user.mobileLocal!, second);
    await expect(formAlert(pageB)).toHaveText(INVALID_SIGN_IN);

    expect(await mailSubjects(sql, user)).toEqual(expect.arrayContaining(['Your PIN was changed', 'Sign-in with a PIN was turned off']));
    await expectStillSignedIn(page);
  });

  test('login history pages through "Show older activity"', async ({ page, createUser, signInAs, sql }) => {
    const user = await createUser();
    await sql`
      insert into login_events (user_id, success, method, reason, ip, user_agent, created_at)
      select ${user.id}, n % 3 <> 0, case when n % 2 = 0 then 'pin' else 'password' end::auth_method,
             case when n % 3 = 0 then 'bad_credentials' else 'ok' end, ('203.0.113.' || n)::inet, ${FIREFOX_LINUX}, now() - make_interval(hours => n)
      from generate_series(1, 25) n order by n desc`;
    await signInAs(page, user);
    await page.goto('/account/security');
    const events = page.getByTestId('login-event');
    await expect(events).toHaveCount(20);
    await expect(events.first()).toContainText('IP 203.0.113.1');
    await page.getByRole('button', { name: 'Show older activity' }).click();
    await expect(events).toHaveCount(25);
    await expect(page.getByRole('button', { name: 'Show older activity' })).toHaveCount(0);
    const ips = (await events.allTextContents()).map((t) => /IP (203\.0\.113\.\d+)/.exec(t)?.[1]);
    expect(ips).toEqual(Array.from({ length: 25 }, (_, i) => `203.0.113.${i + 1}`));
    await expect(events.filter({ hasText: 'Wrong password or PIN · mobile and PIN' }).first()).toBeVisible();
  });

  test('the sessions and login history APIs answer 401 without a session and only the caller\'s own data with one', async ({ page, request, createUser, signInAs, otherBrowser, sql }) => {
    for (const url of ['/api/account/sessions', '/api/account/login-history']) {
      const res = await request.get(url);
      expect(res.status(), url).toBe(401);
      expect(res.headers()['content-type']).toContain('application/json');
    }
    const [alice, bob] = await Promise.all([createUser(), createUser()]);
    for (const [u, ip] of [
      [alice, '203.0.113.201'],
      [bob, '203.0.113.202'],
    ] as const) {
      await sql`insert into login_events (user_id, success, method, reason, ip) values (${u.id}, true, 'password', 'ok', ${ip})`;
    }
    const a = await signInAs(page, alice);
    const pageB = await otherBrowser(FIREFOX_LINUX);
    const b = await signInAs(pageB, bob);

    for (const [p, own, other] of [
      [page, a.sessionId, b.sessionId],
      [pageB, b.sessionId, a.sessionId],
    ] as const) {
      const sessions = (await (await p.request.get('/api/account/sessions')).json()) as { sessions: { id: string; current: boolean }[] };
      expect(sessions.sessions).toEqual([expect.objectContaining({ id: own, current: true })]);
      expect(JSON.stringify(sessions)).not.toContain(other);
    }
    const historyOf = async (p: Page) => ((await (await p.request.get('/api/account/login-history')).json()) as { events: { ip: string }[] }).events.map((e) => e.ip);
    expect(await historyOf(page)).toEqual(['203.0.113.201']);
    expect(await historyOf(pageB)).toEqual(['203.0.113.202']);
    expect((await page.request.get('/api/account/login-history?before=abc')).status()).toBe(400);
  });

  test('the log line of a sign-in request has its IP and request id, and the log holds none of the secrets typed', async ({ page, createUser, sql }) => {
    const user = await createUser();
    const wrong = typed(`wrong guess ${Date.now().toString(36)} pebble`);
    const isSignInPost = (r: { request: () => { method: () => string }; url: () => string }) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/sign-in';

    await page.goto('/sign-in');
    await field(page, 'Username or email').fill(user.username);
    await field(page, 'Password').fill(wrong);
    const refused = page.waitForResponse(isSignInPost);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const refusedId = (await refused).headers()['x-request-id'] ?? '';
    await expect(formAlert(page)).toHaveText(INVALID_SIGN_IN);

    await field(page, 'Password').fill(user.password);
    const accepted = page.waitForResponse(isSignInPost);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const requestId = (await accepted).headers()['x-request-id'] ?? '';
    await expectSignedIn(page);
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(refusedId).toMatch(/^[0-9a-f-]{36}$/);
    expect(refusedId).not.toBe(requestId);

    const [event] = await sql`select host(ip) as ip from login_events where user_id = ${user.id} and success order by id desc limit 1`;
    const linesOf = (id: string) =>
      readFileSync(logFile, 'utf8')
        .split('\n')
        .filter((l) => l.includes(id))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    await expect.poll(() => linesOf(requestId).length).toBeGreaterThan(0);
    const requestLines = linesOf(requestId).filter((l) => l.event === 'request');
    expect(requestLines).toHaveLength(1);
    const [line] = requestLines;
    expect(line).toMatchObject({ event: 'request', requestId, method: 'POST', path: '/sign-in', status: 200 });
    expect(line!.ip).toBeTruthy();
    expect(line!.ip).toBe(event!.ip);
    expect(typeof line!.durationMs).toBe('number');
    expect(linesOf(refusedId).filter((l) => l.event === 'request')).toHaveLength(1);

    const cookies = await page.context().cookies();
    // Request ids are random hex: a 6-digit PIN can turn up inside one by chance, so they are left out of the search.
    const log = readFileSync(logFile, 'utf8').replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>');
    for (const secret of [user.password, user.pin!, wrong, ...cookies.map((c) => c.value).filter((v) => v.length >= 16)]) {
      expect(log.includes(secret), `the log contains a secret (${secret.length} characters)`).toBe(false);
    }
  });
});
