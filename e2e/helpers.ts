/** Page helpers shared by the specs: form fields and their errors, the sign-in forms, the dev mailbox, screenshots. */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';
import { generateSync } from 'otplib';
import { recordMailSecrets, typed } from './secrets';

/** A full-page photograph to screenshots/<project>/<name>.png, to look at every page on every device. */
export async function shoot(page: Page, testInfo: TestInfo, name: string) {
  const dir = path.join(import.meta.dirname, '..', 'screenshots', testInfo.project.name);
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true, scale: 'css' });
}
import type postgres from 'postgres';

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const asRe = (m: string | RegExp) => (typeof m === 'string' ? new RegExp(escapeRe(m)) : m);

/** The generic answer to any refused sign-in: it never says whether the account exists. */
export const INVALID_SIGN_IN = 'The details you entered do not match an account. Check them and try again.';
/** The lockout answer, for a known or an unknown account alike, whatever the secret. */
export const LOCKED_SIGN_IN = /^Too many attempts\. For your security, sign-in is paused\. Try again in 1[45] minutes\.$/;

/** The input labelled exactly `label` (labels like "PIN" and "Password" must not match "New PIN", "Forgot your password?"). */
export const field = (scope: Page | Locator, label: string) => scope.getByLabel(label, { exact: true });

/** Alerts inside forms (Next's route announcer is a role=alert too, outside any form). */
export const formAlert = (page: Page) => page.locator('form [role=alert]');

/**
 * The field is marked invalid, and its message is shown right below it and
 * announced with it (aria-describedby), not only somewhere on the page.
 */
export async function expectFieldError(scope: Page | Locator, label: string, message: string | RegExp) {
  const input = field(scope, label);
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  await expect(input).toHaveAccessibleDescription(asRe(message));
  const besideIt = input.locator('xpath=following-sibling::*[1]');
  await expect(besideIt).toBeVisible();
  await expect(besideIt).toHaveText(asRe(message));
  const errorId = (await input.getAttribute('aria-describedby'))?.split(' ').find((id) => id.endsWith('-error'));
  expect(errorId, `${label} is described by its error`).toBeTruthy();
  await expect(besideIt).toHaveAttribute('id', errorId!);
}

export async function expectFieldValid(scope: Page | Locator, label: string) {
  await expect(field(scope, label)).not.toHaveAttribute('aria-invalid', 'true');
}

/**
 * Goes to a page with a form and waits until React has hydrated it, so that
 * typing and clicking reach the app and not the bare HTML form.
 */
export async function gotoForm(page: Page, url: string) {
  const response = await page.goto(url);
  await page.waitForFunction(() => {
    const form = document.querySelector('main form');
    return !!form && Object.keys(form).some((k) => k.startsWith('__reactProps$'));
  });
  return response;
}

export async function signInWithPassword(page: Page, identifier: string, password: string) {
  await gotoForm(page, '/sign-in');
  await field(page, 'Username or email').fill(identifier);
  await field(page, 'Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function openPinTab(page: Page) {
  await gotoForm(page, '/sign-in');
  await page.getByRole('tab', { name: 'Mobile number and PIN' }).click();
  return page.getByRole('form', { name: 'Sign in with mobile number and PIN' });
}

export async function signInWithPin(page: Page, mobile: string, pin: string) {
  const form = await openPinTab(page);
  await field(form, 'Mobile number').fill(mobile);
  await field(form, 'PIN').fill(pin);
  await form.getByRole('button', { name: 'Sign in' }).click();
}

const sessionPolls = new WeakMap<Page, boolean>();

/**
 * Follows, per page, whether /api/session has answered since the poller last started afresh (installed on every
 * test page by fixtures.ts): on a document request, and on a move to another path (the poll's query key is the
 * path). Not on a same-path URL change (`?welcome` dropped): the poller keeps its answer and does not ask again
 * for up to a minute.
 */
export function trackSessionPolls(page: Page) {
  sessionPolls.set(page, false);
  let path = '';
  page.on('request', (request) => {
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) sessionPolls.set(page, false);
  });
  page.on('framenavigated', (frame) => {
    if (frame !== page.mainFrame()) return;
    const now = new URL(frame.url()).pathname;
    if (now !== path) sessionPolls.set(page, false);
    path = now;
  });
  // `requestfinished`, not `response`: the body has arrived, so the page's query is no longer in flight (a focus
  // refetch right after would otherwise be folded into the old request, which still carries the old expiry).
  page.on('requestfinished', (request) => {
    if (new URL(request.url()).pathname === '/api/session') sessionPolls.set(page, true);
  });
}

/**
 * Waits until the idle dialog of an account page has asked the server for the
 * session status (it does so as soon as the page is interactive). A session
 * ended behind its back, or a sign-out, while that first poll is in flight
 * would race it to the sign-in page.
 */
export async function sessionPolled(page: Page) {
  if (!sessionPolls.has(page)) throw new Error('sessionPolled works on the test fixture page only');
  await expect.poll(() => sessionPolls.get(page), { timeout: 10_000, message: 'the page asked /api/session for its status' }).toBe(true);
}

/** Signs out with the header button, once the page is interactive. */
export async function signOut(page: Page) {
  await sessionPolled(page);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByText('You are signed out')).toBeVisible();
}

export const accountHeading = (page: Page) => page.getByRole('heading', { level: 1, name: 'Your information', exact: true });
export const expectSignedIn = (page: Page) => expect(accountHeading(page)).toBeVisible();

/**
 * Submits a form whose action answers without navigating, and waits until the
 * answer is on the page: the secret field is cleared when the server refuses.
 * Filling the next attempt before that would race the clearing.
 */
export async function submitAndWaitForAnswer(page: Page, submit: Locator, secret: Locator) {
  const answered = page.waitForResponse((r) => r.request().method() === 'POST' && r.request().headers()['next-action'] !== undefined, { timeout: 10_000 });
  await submit.click();
  await answered;
  await expect(secret).toHaveValue('');
}

/**
 * Rewrites the arguments of the server action a form on `path` posts, the way a
 * hand-made request could send anything at all: the server must validate them itself.
 */
export async function tamperWithAction(page: Page, path: string, mutate: (values: Record<string, unknown>) => void) {
  await page.route(`**${path}`, async (route) => {
    const request = route.request();
    if (request.method() !== 'POST' || !request.headers()['next-action']) return route.continue();
    const args = JSON.parse(request.postData() ?? '[]') as [Record<string, unknown>, ...unknown[]];
    mutate(args[0]);
    await route.continue({ postData: JSON.stringify(args) });
  });
}

/**
 * Opens /dev/mail like a developer would, finds the newest message to
 * `recipient` with `subject`, and returns the link in it (its token, and any
 * code, recorded as secrets).
 */
export async function linkFromDevMail(page: Page, recipient: string, subject: string): Promise<string> {
  const message = page
    .getByTestId('message')
    .filter({ has: page.getByTestId('recipient').getByText(recipient, { exact: true }) })
    .filter({ has: page.getByRole('heading', { name: subject, exact: true }) })
    .first();
  // Mail may be delivered by a background job: look again until it is there. (a11y.spec.ts checks this page with axe.)
  await expect(async () => {
    await page.goto('/dev/mail');
    await expect(message).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 10_000 });
  const text = (await message.locator('pre').textContent()) ?? '';
  recordMailSecrets(text);
  const link = /https?:\/\/\S+/.exec(text)?.[0];
  expect(link, `a link in "${subject}" to ${recipient}`).toBeTruthy();
  return link!;
}

/**
 * Marks a session as having re-entered its password just now, as the "Confirm it is you" form would:
 * for tests whose subject is what comes after it (staff powers need it within 5 minutes).
 */
export async function reauthenticatedNow(sql: postgres.Sql, sessionId: string) {
  // Staff sessions that passed two steps re-prove the second factor too (isFreshEnough): both, as a full re-authentication leaves them.
  await sql`update sessions set reauthenticated_at = now(), reauth_method = 'password', factor_reauthenticated_at = now() where id = ${sessionId}`;
}

/** The code an authenticator app with `secret` shows `offsetSeconds` from now (recorded as typed, for the log scan). */
export const totpCode = (secret: string, offsetSeconds = 0) => typed(generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSeconds }));
