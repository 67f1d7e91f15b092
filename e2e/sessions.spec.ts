import type { Browser, Cookie, Page } from '@playwright/test';
import type postgres from 'postgres';
import { test, expect, expectAccessible, visit } from './fixtures';
import { accountHeading, expectSignedIn, sessionPolled, signInWithPassword, signOut } from './helpers';

const TIMED_OUT = 'Your session timed out, so we signed you out to protect your account. Sign in again to continue.';

/** Moves a session's last activity into the past, as if its holder had been away that long. */
const idleFor = (sql: postgres.Sql, sessionId: string, seconds: number) =>
  sql`update sessions set last_seen_at = now() - make_interval(secs => ${seconds}) where id = ${sessionId}`;

const sessionRow = async (sql: postgres.Sql, id: string) => {
  const [row] = await sql`select revoked_at, revoked_reason, extract(epoch from now() - last_seen_at)::float as idle_seconds from sessions where id = ${id}`;
  return row as { revoked_at: Date | null; revoked_reason: string | null; idle_seconds: number };
};

async function expectTimedOut(page: Page) {
  await expect(page).toHaveURL(/\/sign-in\?reason=timeout$/);
  await expect(page.getByRole('status').filter({ hasText: TIMED_OUT })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
}

/**
 * Waits until the page has asked for its session status once, so that a
 * session changed behind its back is noticed by the next navigation and not
 * by that poll racing it.
 */
const settled = sessionPolled;

const dialog = (page: Page) => page.getByRole('alertdialog', { name: 'Are you still there?' });

/** A cookie copied before sign-out, replayed from another browser: signed out, on the page and in the API. */
async function expectCookieRefused(browser: Browser, baseURL: string, copied: Cookie[]) {
  const thief = await browser.newContext({ baseURL });
  try {
    await thief.addCookies(copied);
    const stolen = await thief.newPage();
    await stolen.goto('/account');
    await expect(stolen).toHaveURL(/\/sign-in/);
    await expect(accountHeading(stolen)).toHaveCount(0);
    const api = await thief.request.get('/api/session');
    expect(api.status()).toBe(401);
    expect(await api.json()).toEqual({ active: false, reason: 'revoked' });
  } finally {
    await thief.close();
  }
}

/**
 * The tab comes back into view: the idle dialog asks the server for the
 * session's status (as after the user returns from another tab), and this
 * waits for that answer.
 */
async function returnToTab(page: Page) {
  const status = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/session', { timeout: 10_000 });
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange', { bubbles: true })));
  return status;
}

test.describe('sessions', () => {
  test('a customer idle for 29 minutes is still signed in, and the visit counts as activity', async ({ page, createUser, signInAs, sql }) => {
    const user = await createUser();
    const { sessionId } = await signInAs(page, user);
    await idleFor(sql, sessionId, 29 * 60);
    await page.goto('/account');
    await expectSignedIn(page);
    const row = await sessionRow(sql, sessionId);
    expect(row.revoked_at).toBeNull();
    expect(row.idle_seconds).toBeLessThan(60);
  });

  test('a customer idle for 31 minutes is signed out to sign-in with the timeout message @phone', async ({ page, createUser, signInAs, sql }) => {
    const user = await createUser();
    const { sessionId } = await signInAs(page, user);
    await page.goto('/account');
    await expectSignedIn(page);
    await settled(page);
    await idleFor(sql, sessionId, 31 * 60);
    await page.goto('/account/profile');
    await expectTimedOut(page);
    expect(await sessionRow(sql, sessionId)).toMatchObject({ revoked_reason: 'idle_timeout' });
    // The ended row stays ended: the same cookie gets nothing on the next request either.
    await page.goto('/account');
    await expect(page).toHaveURL(/\/sign-in/);
    await expect(accountHeading(page)).toHaveCount(0);
  });

  test('staff time out after 15 idle minutes', async ({ page, createUser, signInAs, sql }) => {
    const staff = await createUser({ role: 'staff' });
    const { sessionId } = await signInAs(page, staff);
    await idleFor(sql, sessionId, 14 * 60);
    await page.goto('/admin');
    await expect(page.getByRole('heading', { name: 'Staff area' })).toBeVisible();
    await settled(page);
    await idleFor(sql, sessionId, 16 * 60);
    await page.goto('/account');
    await expectTimedOut(page);
    expect(await sessionRow(sql, sessionId)).toMatchObject({ revoked_reason: 'idle_timeout' });
  });

  test('continuous activity still ends at the absolute 12 hour limit', async ({ page, createUser, signInAs, sql }) => {
    const user = await createUser();
    const { sessionId } = await signInAs(page, user);
    // Signed in 12 hours ago and active all along: the last request was a moment ago.
    await sql`update sessions set created_at = now() - interval '11 hours 55 minutes', absolute_expires_at = now() + interval '5 minutes', last_seen_at = now() where id = ${sessionId}`;
    await page.goto('/account');
    await expectSignedIn(page);
    await settled(page);
    await sql`update sessions set created_at = now() - interval '12 hours 1 second', absolute_expires_at = now() - interval '1 second', last_seen_at = now() where id = ${sessionId}`;
    await page.goto('/account');
    await expectTimedOut(page);
    expect(await sessionRow(sql, sessionId)).toMatchObject({ revoked_reason: 'absolute_timeout' });
  });

  test('an open staff queue times out after 15 idle minutes: its refresh every 30 s is not activity, and the warning comes first', async ({ page, createUser, signInAs, sql }) => {
    test.setTimeout(120_000);
    const staff = await createUser({ role: 'staff' });
    const { sessionId } = await signInAs(page, staff);
    await page.goto('/admin/reports');
    await expect(page.getByRole('heading', { level: 1, name: 'Inaccuracy reports' })).toBeVisible();
    await settled(page);

    // Away from the desk with the queue open: 100 s of the 15 minutes are left.
    await idleFor(sql, sessionId, 15 * 60 - 100);
    const refreshed = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/admin/reports' && r.status() === 200, { timeout: 45_000 });
    // Nobody touches the page: its own status poll learns the true end and warns.
    await expect(dialog(page)).toBeVisible({ timeout: 45_000 });
    await expect(dialog(page)).toContainText(/sign you out in 1:[0-3]\d/);
    await expectAccessible(page);
    await page.screenshot({ path: test.info().outputPath('staff-queue-idle-warning.png'), fullPage: true });
    // The queue refreshed itself meanwhile, and that did not count as activity.
    await refreshed;
    expect((await sessionRow(sql, sessionId)).idle_seconds).toBeGreaterThan(15 * 60 - 100);

    // Still nobody: the end passes, and the page leaves for sign-in saying why.
    await idleFor(sql, sessionId, 15 * 60 + 1);
    await expectTimedOut(page);
    expect(await sessionRow(sql, sessionId)).toMatchObject({ revoked_reason: 'idle_timeout' });
  });

  test('a cookie copied before sign-out is refused when replayed', async ({ page, browser, baseURL, createUser, sql }) => {
    const user = await createUser();
    await signInWithPassword(page, user.username, user.password);
    await expectSignedIn(page);
    const copied = await page.context().cookies();
    const sessionCookie = copied.find((c) => c.name.endsWith('authjs.session-token'));
    expect(sessionCookie?.httpOnly).toBe(true);
    expect(sessionCookie?.sameSite).toBe('Lax');

    await signOut(page);
    const [row] = await sql`select revoked_reason from sessions where user_id = ${user.id}`;
    expect(row).toMatchObject({ revoked_reason: 'signed_out' });
    await expectCookieRefused(browser, baseURL!, copied);
  });

  test("signing out through Auth.js's own endpoint ends the session too: the copied cookie is refused", async ({ page, browser, baseURL, createUser, signInAs, sql }) => {
    const user = await createUser();
    const { sessionId } = await signInAs(page, user);
    await visit(page, '/account');
    await expectSignedIn(page);
    const copied = await page.context().cookies();

    // Without Auth.js's CSRF token the endpoint signs nobody out (no sign-out forced from another site).
    const forced = await page.request.post('/api/auth/signout', { form: { callbackUrl: '/sign-in' }, maxRedirects: 0 });
    expect(forced.status()).toBeLessThan(500);
    expect(await sessionRow(sql, sessionId)).toMatchObject({ revoked_at: null });

    // As any client may call it: the CSRF token from /api/auth/csrf (its cookie rides along in this context), then the POST.
    const { csrfToken } = (await (await page.request.get('/api/auth/csrf')).json()) as { csrfToken: string };
    const res = await page.request.post('/api/auth/signout', { form: { csrfToken, callbackUrl: '/sign-in' }, maxRedirects: 0 });
    expect(res.status()).toBeLessThan(400);
    expect((await page.context().cookies()).some((c) => c.name.endsWith('authjs.session-token'))).toBe(false);
    const row = await sessionRow(sql, sessionId);
    expect(row.revoked_reason).toBe('signed_out');
    expect(row.revoked_at).not.toBeNull();
    await expectCookieRefused(browser, baseURL!, copied);
  });

  test('a customer gets a plain 404 from the staff area; staff get the staff area', async ({ page, browser, baseURL, createUser, signInAs }) => {
    const customer = await createUser();
    await signInAs(page, customer);
    const response = await page.goto('/admin');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    await expect(page.getByText('Staff area')).toHaveCount(0);
    await page.goto('/account');
    await expect(page.getByRole('link', { name: 'Staff area' })).toHaveCount(0);

    const staffContext = await browser.newContext({ baseURL });
    try {
      const staffPage = await staffContext.newPage();
      const staff = await createUser({ role: 'staff' });
      await signInAs(staffPage, staff);
      await staffPage.goto('/account');
      await staffPage.getByRole('link', { name: 'Staff area' }).click();
      await expect(staffPage.getByRole('heading', { name: 'Staff area' })).toBeVisible();
      await expect(staffPage.getByText(`${staff.username} (staff)`)).toBeVisible();
    } finally {
      await staffContext.close();
    }
  });

  test('signed out, /api/session answers 401; reading it never extends the session', async ({ page, createUser, signInAs, sql }) => {
    const anonymous = await page.request.get('/api/session');
    expect(anonymous.status()).toBe(401);
    expect(await anonymous.json()).toEqual({ active: false, reason: 'missing' });

    const user = await createUser();
    const { sessionId } = await signInAs(page, user);
    await idleFor(sql, sessionId, 20 * 60);
    const active = await page.request.get('/api/session');
    expect(active.status()).toBe(200);
    const body = (await active.json()) as { active: boolean; expiresAt: string };
    expect(body.active).toBe(true);
    // 30 minutes after the last activity, 20 of which have passed.
    expect(Date.parse(body.expiresAt) - Date.now()).toBeGreaterThan(9 * 60_000);
    expect(Date.parse(body.expiresAt) - Date.now()).toBeLessThan(11 * 60_000);
    expect((await sessionRow(sql, sessionId)).idle_seconds).toBeGreaterThan(20 * 60 - 5);
  });

  test('the idle warning appears 2 minutes before the end, and "Stay signed in" extends the session', async ({ page, createUser, signInAs, sql }) => {
    const user = await createUser();
    const { sessionId } = await signInAs(page, user);
    await page.goto('/account');
    await expectSignedIn(page);
    await settled(page);

    // 3 minutes left: no warning yet.
    await idleFor(sql, sessionId, 27 * 60);
    expect((await (await returnToTab(page)).json()).active).toBe(true);
    await expect(dialog(page)).toHaveCount(0);

    // 90 seconds left: the warning, with the time counting down.
    await idleFor(sql, sessionId, 28.5 * 60);
    await returnToTab(page);
    await expect(dialog(page)).toBeVisible();
    await expect(dialog(page)).toContainText(/sign you out in 1:[23]\d/);
    const stay = dialog(page).getByRole('button', { name: 'Stay signed in' });
    await expect(stay).toBeFocused();

    await stay.click();
    await expect(dialog(page)).toBeHidden();
    const row = await sessionRow(sql, sessionId);
    expect(row.revoked_at).toBeNull();
    expect(row.idle_seconds).toBeLessThan(30);
    // The server agrees: the session now has most of its 30 minutes ahead of it.
    const status = (await (await returnToTab(page)).json()) as { expiresAt: string };
    expect(Date.parse(status.expiresAt) - Date.now()).toBeGreaterThan(29 * 60_000);
    await expect(dialog(page)).toHaveCount(0);
    await expectSignedIn(page);
  });

  test('when the warning runs out, the page goes to sign-in saying the session timed out', async ({ page, createUser, signInAs, sql }) => {
    const user = await createUser();
    const { sessionId } = await signInAs(page, user);
    await page.goto('/account/security');
    await expect(page.getByRole('heading', { name: 'Security' })).toBeVisible();
    await settled(page);

    await idleFor(sql, sessionId, 30 * 60 - 3);
    await returnToTab(page);
    await expect(dialog(page)).toBeVisible();
    // Nobody answers: at zero the page leaves by itself.
    await expectTimedOut(page);
    expect(await sessionRow(sql, sessionId)).toMatchObject({ revoked_reason: 'idle_timeout' });
  });

  test('the timeout lands on sign-in even when the device clock runs ahead of the server', async ({ page, createUser, signInAs, sql }) => {
    // Phones and laptops are rarely in step with the server: here the countdown reaches zero 3 s before the server ends the session.
    await page.clock.install({ time: Date.now() + 3000 });
    const user = await createUser();
    const { sessionId } = await signInAs(page, user);
    await page.goto('/account');
    await expectSignedIn(page);
    await settled(page);
    await idleFor(sql, sessionId, 30 * 60 - 3);
    await returnToTab(page);
    await expect(dialog(page)).toBeVisible();
    await expectTimedOut(page);
  });
});
