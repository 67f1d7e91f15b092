import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { CDPSession, Page, TestInfo } from '@playwright/test';
import { test, expect, expectAccessible, visit, typed, latestMail } from './fixtures';
import { expectFieldError, expectSignedIn, field, formAlert, linkFromDevMail, signInWithPassword, signOut, totpCode } from './helpers';

/*
 * Two-step sign-in (issue 12) in a real browser: an authenticator app whose codes
 * the test computes with the same library, and passkeys on Chrome's virtual
 * authenticator (CDP WebAuthn domain: a resident key with user verification, as
 * a phone or laptop has).
 */

const root = path.resolve(import.meta.dirname, '..');

async function photograph(page: Page, testInfo: TestInfo, name: string) {
  const dir = path.join(root, 'screenshots', testInfo.project.name);
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true, scale: 'css' });
}

/** A platform authenticator with a passkey store and a fingerprint that always matches. */
async function virtualAuthenticator(page: Page): Promise<{ cdp: CDPSession; id: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return { cdp, id: authenticatorId };
}


const twoStep = (page: Page) => page.getByRole('region', { name: 'Two-step sign-in' });

/**
 * Switches the second-step page to the recovery-code form. A click that lands before the page hydrated does
 * nothing (it is a client-side switch), so it is repeated until the form shows.
 */
async function recoveryCodeForm(page: Page) {
  const form = page.getByRole('form', { name: 'Recovery code' });
  await expect(async () => {
    if (!(await form.isVisible())) await page.getByRole('button', { name: 'Use a recovery code instead' }).click({ timeout: 2_000 });
    await expect(form).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  return form;
}

async function setUpAuthenticatorApp(page: Page) {
  const card = twoStep(page);
  await card.getByRole('button', { name: 'Set up an authenticator app' }).click();
  const setup = page.getByRole('form', { name: 'Set up an authenticator app' });
  await expect(setup.getByRole('img', { name: /QR code/ })).toBeVisible();
  const secret = (await setup.getByTestId('totp-secret').getAttribute('data-secret'))!;
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  // The secret as text is the same one, grouped for typing.
  await expect(setup.getByTestId('totp-secret')).toHaveText(secret.match(/.{4}/g)!.join(' '));
  return { setup, secret };
}

async function expectRecoveryCodesShownOnce(page: Page) {
  const codes = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
  await expect(codes).toHaveCount(10);
  const all = await codes.allTextContents();
  await page.getByRole('button', { name: 'I have saved them' }).click();
  await expect(page.getByRole('list', { name: 'Recovery codes' })).toHaveCount(0);
  return all;
}

test.describe('authenticator app', () => {
  test('set up with the QR code and first code, then sign in with a second step; bad codes change nothing @phone', async ({ page, createUser, signInAs, sql }, testInfo) => {
    // Several sign-ins, each an argon2 verify on a shared 2-core machine.
    test.slow();
    const user = await createUser();
    await signInAs(page, user);
    await visit(page, '/account/security');
    const { setup, secret } = await setUpAuthenticatorApp(page);
    await expectAccessible(page);
    await photograph(page, testInfo, 'two-step-totp-setup');

    // A malformed code is refused beside the field, a wrong one too: still off.
    await field(setup, '6-digit code').fill('12ab');
    await setup.getByRole('button', { name: 'Turn on' }).click();
    await expectFieldError(setup, '6-digit code', 'The code is 6 digits, like 123456');
    await field(setup, '6-digit code').fill(String((Number(totpCode(secret)) + 1) % 1_000_000).padStart(6, '0'));
    await setup.getByRole('button', { name: 'Turn on' }).click();
    await expectFieldError(setup, '6-digit code', /That code is not right/);
    expect((await sql`select confirmed_at from totp_credentials where user_id = ${user.id}`)[0]!.confirmed_at).toBeNull();

    await field(setup, '6-digit code').fill(totpCode(secret));
    await setup.getByRole('button', { name: 'Turn on' }).click();
    const codes = await expectRecoveryCodesShownOnce(page);
    await expect(twoStep(page).getByText(/^On since/)).toBeVisible();
    await expect(twoStep(page).getByText('10 of 10 unused.', { exact: false })).toBeVisible();
    await photograph(page, testInfo, 'two-step-on');
    expect((await latestMail(sql, user.email))?.subject).toBe('An authenticator app was added to your account');
    // Codes are stored only as keyed hashes.
    const stored = JSON.stringify(await sql`select * from recovery_codes where user_id = ${user.id}`);
    for (const c of codes) expect(stored).not.toContain(c);

    await page.goto('/account');
    await signOut(page);
    await signInWithPassword(page, user.username, user.password);
    await expect(page).toHaveURL(/\/sign-in\/second-step$/);
    // Nothing is issued before the second step: no session row, no session cookie.
    const sessionsBefore = (await sql`select count(*)::int as n from sessions where user_id = ${user.id} and revoked_at is null`)[0]!.n as number;
    expect(sessionsBefore).toBe(0);
    expect((await page.context().cookies()).map((c) => c.name)).not.toContain('authjs.session-token');
    await expectAccessible(page);
    await photograph(page, testInfo, 'two-step-second-step');

    const form = page.getByRole('form', { name: 'Code from your authenticator app' });
    await field(form, '6-digit code').fill('000000');
    await form.getByRole('button', { name: 'Continue' }).click();
    await expect(formAlert(page)).toHaveText('That did not work. Check it and try again. If it keeps failing, start signing in again.');
    await expect(field(form, '6-digit code')).toHaveValue('');
    // The code used to turn the app on is spent: the next step's code signs in.
    await field(form, '6-digit code').fill(totpCode(secret, 30));
    await form.getByRole('button', { name: 'Continue' }).click();
    await expectSignedIn(page);

    await visit(page, '/account/security');
    await expect(page.getByTestId('session').first()).toContainText('with password + authenticator app');
    await expect(page.getByTestId('login-event').first()).toContainText('Signed in · authenticator app');
    await expect(page.getByTestId('login-event').filter({ hasText: 'Second step failed' })).toHaveCount(1);
    await expect(page.getByTestId('login-event').filter({ hasText: 'Right password or PIN; second step asked' })).toHaveCount(1);
  });

  test('a recovery code signs in once and emails an alert; new codes need re-authentication and replace the old ones', async ({ page, createUser, signInAs, sql }) => {
    // Several sign-ins, each an argon2 verify on a shared 2-core machine.
    test.slow();
    const user = await createUser();
    await signInAs(page, user);
    await visit(page, '/account/security');
    const { setup, secret } = await setUpAuthenticatorApp(page);
    await field(setup, '6-digit code').fill(totpCode(secret));
    await setup.getByRole('button', { name: 'Turn on' }).click();
    const codes = await expectRecoveryCodesShownOnce(page);
    await page.goto('/account');
    await signOut(page);

    await signInWithPassword(page, user.username, user.password);
    const form = await recoveryCodeForm(page);
    await field(form, 'Recovery code').fill(typed(codes[0]!.toUpperCase()));
    await form.getByRole('button', { name: 'Continue' }).click();
    await expectSignedIn(page);
    const subjects = (await sql`select subject from outbox where recipient = ${user.email} order by id`).map((r) => r.subject as string);
    expect(subjects).toContain('A recovery code was used to sign in');
    await visit(page, '/account/security');
    await expect(twoStep(page).getByText('9 of 10 unused.', { exact: false })).toBeVisible();

    // New codes need the password again; the old ones stop working.
    await twoStep(page).getByRole('button', { name: 'Create new recovery codes' }).click();
    await twoStep(page).getByRole('group', { name: 'Create new recovery codes' }).getByRole('button', { name: 'Create new recovery codes' }).click();
    const reauth = page.getByRole('form', { name: 'Confirm it is you' });
    await field(reauth, 'Your password').fill(user.password);
    await reauth.getByRole('button', { name: 'Confirm' }).click();
    const fresh = await expectRecoveryCodesShownOnce(page);
    expect(fresh.filter((c) => codes.includes(c))).toEqual([]);
    expect((await latestMail(sql, user.email))?.subject).toBe('New recovery codes were created');

    // Used once, or replaced: neither works again.
    await page.goto('/account');
    await signOut(page);
    await signInWithPassword(page, user.username, user.password);
    await recoveryCodeForm(page);
    for (const code of [codes[0]!, codes[1]!]) {
      await field(form, 'Recovery code').fill(typed(code));
      await form.getByRole('button', { name: 'Continue' }).click();
      await expect(formAlert(page)).toHaveText(/^That did not work/);
      await expect(field(form, 'Recovery code')).toHaveValue('');
    }
    await field(form, 'Recovery code').fill(typed(fresh[0]!));
    await form.getByRole('button', { name: 'Continue' }).click();
    await expectSignedIn(page);
  });

  test('lost every factor: the emailed link turns two-step off and signs out everywhere', async ({ page, createUser, signInAs }) => {
    // Several sign-ins, each an argon2 verify on a shared 2-core machine.
    test.slow();
    const user = await createUser();
    await signInAs(page, user);
    await visit(page, '/account/security');
    const { setup, secret } = await setUpAuthenticatorApp(page);
    await field(setup, '6-digit code').fill(totpCode(secret));
    await setup.getByRole('button', { name: 'Turn on' }).click();
    await expectRecoveryCodesShownOnce(page);
    await page.goto('/account');
    await signOut(page);

    await signInWithPassword(page, user.username, user.password);
    await page.getByText('Lost your authenticator app, passkeys and recovery codes?').click();
    await page.getByRole('button', { name: 'Email me a link' }).click();
    await expect(page.getByText(/we sent a link to your account’s email address/)).toBeVisible();
    const link = await linkFromDevMail(page, user.email, 'Turn off two-step sign-in');
    await visit(page, new URL(link).pathname + new URL(link).search);
    await page.getByRole('button', { name: 'Turn off two-step sign-in' }).click();
    await expect(page.getByText('Two-step sign-in is off and every device was signed out.')).toBeVisible();
    await signInWithPassword(page, user.username, user.password);
    await expectSignedIn(page);
  });
});

test.describe('passkeys', () => {
  test('add one, then use it as the second step and on its own (usernameless); rename; remove after re-authentication @phone', async ({ page, createUser, signInAs, sql }, testInfo) => {
    // Several sign-ins, each an argon2 verify on a shared 2-core machine.
    test.slow();
    const user = await createUser();
    const { cdp, id } = await virtualAuthenticator(page);
    await signInAs(page, user);
    await visit(page, '/account/security');
    await twoStep(page).getByRole('button', { name: 'Add a passkey' }).click();
    const add = page.getByRole('form', { name: 'Add a passkey' });
    await add.getByRole('button', { name: 'Create passkey' }).click();
    await expectFieldError(add, 'Passkey name', 'Give the passkey a name, such as "Work laptop"');
    await field(add, 'Passkey name').fill('Test phone');
    await add.getByRole('button', { name: 'Create passkey' }).click();
    await expectRecoveryCodesShownOnce(page);
    const list = page.getByRole('list', { name: 'Your passkeys' });
    await expect(list.getByRole('listitem')).toHaveCount(1);
    await expect(list).toContainText('Test phone');
    await expect(list).toContainText('last used never');
    expect((await cdp.send('WebAuthn.getCredentials', { authenticatorId: id })).credentials).toHaveLength(1);
    await expectAccessible(page);
    await photograph(page, testInfo, 'two-step-passkeys');

    // Second step with the passkey.
    await page.goto('/account');
    await signOut(page);
    await signInWithPassword(page, user.username, user.password);
    await expect(page).toHaveURL(/\/sign-in\/second-step$/);
    await page.getByRole('button', { name: 'Use a passkey' }).click();
    await expectSignedIn(page);
    const [session] = await sql`select auth_method, second_factor from sessions where user_id = ${user.id} and revoked_at is null order by created_at desc limit 1`;
    expect(session).toMatchObject({ auth_method: 'password', second_factor: 'passkey' });

    // On its own: no username, no password.
    await page.goto('/account');
    await signOut(page);
    await page.getByRole('button', { name: 'Continue with a passkey' }).click();
    await expectSignedIn(page);
    const [alone] = await sql`select auth_method, second_factor from sessions where user_id = ${user.id} and revoked_at is null order by created_at desc limit 1`;
    expect(alone).toMatchObject({ auth_method: 'passkey', second_factor: null });
    await visit(page, '/account/security');
    await expect(page.getByTestId('session').first()).toContainText('with passkey');
    await expect(list).not.toContainText('last used never');

    // Rename, then remove: removing needs the password again.
    await list.getByRole('button', { name: 'Rename Test phone' }).click();
    const rename = page.getByRole('form', { name: 'Rename Test phone' });
    await field(rename, 'New name').fill('My phone');
    await rename.getByRole('button', { name: 'Save' }).click();
    await expect(list).toContainText('My phone');
    await list.getByRole('button', { name: 'Remove My phone' }).click();
    await list.getByRole('group', { name: 'Remove My phone' }).getByRole('button', { name: 'Remove My phone' }).click();
    const reauth = page.getByRole('form', { name: 'Confirm it is you' });
    await field(reauth, 'Your password').fill(user.password);
    await reauth.getByRole('button', { name: 'Confirm' }).click();
    await expect(twoStep(page).getByText('The passkey "My phone" was removed.')).toBeVisible();
    await expect(page.getByRole('list', { name: 'Your passkeys' })).toHaveCount(0);
    expect((await latestMail(sql, user.email))?.subject).toBe('A passkey was removed from your account');
    await expectAccessible(page);
  });

  test('a passkey this site does not know signs nobody in', async ({ page }) => {
    await virtualAuthenticator(page);
    await visit(page, '/sign-in');
    await page.getByRole('button', { name: 'Continue with a passkey' }).click();
    // The virtual authenticator holds no passkey for this site: the browser reports it as not allowed.
    await expect(page.getByRole('alert').filter({ hasText: /passkey/ })).toBeVisible();
    await expect(page).toHaveURL(/\/sign-in$/);
  });
});

/** Every /admin page, from the filesystem, so a new page is covered without editing this test. Dynamic segments get a made-up id. */
function adminPages(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name === 'page.tsx') out.push(`/${path.relative(path.join(root, 'app'), dir).split(path.sep).filter((s) => !/^\(.*\)$/.test(s)).map((s) => (/^\[.*\]$/.test(s) ? '1' : s)).join('/')}`);
    }
  };
  walk(path.join(root, 'app', 'admin'));
  return out.sort();
}

function staffApiRoutes(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name === 'route.ts') out.push(`/${path.relative(path.join(root, 'app'), dir).split(path.sep).map((s) => (/^\[.*\]$/.test(s) ? '1' : s)).join('/')}`);
    }
  };
  walk(path.join(root, 'app', 'api', 'admin'));
  return out.sort();
}

/**
 * Every server action the build registered from `app/admin/**` (Next's server
 * reference manifest: id, file, export, and the pages that can run it).
 */
function staffActions(): { id: string; name: string; page: string }[] {
  const manifest = JSON.parse(readFileSync(path.join(root, process.env.NEXT_DIST_DIR ?? '.next', 'server', 'server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, { filename?: string; exportedName?: string; workers: Record<string, unknown> }>;
  };
  return Object.entries(manifest.node)
    .filter(([, a]) => a.filename?.startsWith('app/admin/'))
    .map(([id, a]) => {
      const worker = Object.keys(a.workers).find((w) => w.startsWith('app/admin/')) ?? 'app/admin/page';
      return { id, name: `${a.filename}#${a.exportedName}`, page: `/${worker.replace(/^app\//, '').replace(/\/page$/, '').replace(/\[[^\]]+\]/g, '1')}` };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Posts a server action the way the browser does (the arguments as a JSON array) and returns the streamed answer. */
async function callAction(page: Page, action: { id: string; page: string }, args: unknown[]) {
  const res = await page.request.post(action.page, {
    headers: { 'next-action': action.id, 'content-type': 'text/plain;charset=UTF-8', accept: 'text/x-component' },
    data: JSON.stringify(args),
    maxRedirects: 0,
  });
  return { status: res.status(), body: await res.text() };
}

const STAFF_REFUSALS = /Only staff can do this\.|Only administrators can|Only admins can do this\.|Your session has ended\. Sign in again to continue\.|Staff accounts need two-step sign-in/;

test.describe('staff must enrol', () => {
  test('every staff action refuses a staff session without a second factor, and writes nothing', async ({ page, createUser, signInAs, sql }) => {
    // Several sign-ins, each an argon2 verify on a shared 2-core machine.
    test.slow();
    const admin = await createUser({ role: 'admin' });
    const actions = staffActions();
    expect(actions.map((a) => a.name)).toContain('app/admin/reports/actions.ts#claimNextAction');
    expect(actions.length).toBeGreaterThanOrEqual(10);
    const [{ n: auditBefore }] = (await sql`select count(*)::int as n from audit_log where actor_user_id = ${admin.id}`) as [{ n: number }];
    await signInAs(page, admin, { secondFactor: null });
    await page.goto('/admin/two-step');
    const customer = await createUser();
    // Inputs that pass each action's own validation, so the answer shows the staff check itself. An action whose
    // input none of these shapes passes fails here: give it a shape below.
    const input = {
      customer: customer.email,
      topic: 'offers',
      topics: ['offers'],
      scope: 'offers',
      state: 'withdrawn',
      user: customer.username,
      userId: customer.id,
      staffId: admin.id,
      role: 'staff',
      reason: 'The customer asked us on the phone today.',
      note: 'An internal note long enough.',
      days: 10,
      question: 'Could you send a copy of your passport?',
      correctedValue: 'Ada Lovelace',
      subject: 'A subject line',
      body: 'A body long enough for the campaign rules to accept it.',
      summary: 'What changed in this version of the policy.',
      version: '9.9',
    };
    const shapes: unknown[][] = [[input], ['1', input], ['00000000-0000-4000-8000-000000000001', input], []];
    for (const action of actions) {
      const answers = [];
      for (const shape of shapes) answers.push((await callAction(page, action, shape)).body);
      for (const a of answers) expect(a, action.name).not.toContain('"ok":true');
      expect(answers.some((a) => STAFF_REFUSALS.test(a)), `${action.name} refuses with a staff answer; it said:\n${answers.join('\n')}`).toBe(true);
    }
    const [{ n: auditAfter }] = (await sql`select count(*)::int as n from audit_log where actor_user_id = ${admin.id}`) as [{ n: number }];
    expect(auditAfter).toBe(auditBefore);

    // The same call from a session that passed two steps is not refused: the test can tell the difference.
    await page.context().clearCookies();
    await signInAs(page, admin);
    const claimNext = actions.find((a) => a.name.endsWith('#claimNextAction'))!;
    expect((await callAction(page, claimNext, [])).body).not.toMatch(STAFF_REFUSALS);
  });


  test('a staff session without a second factor reaches only the enrolment page: every /admin page and staff API refuses it', async ({ page, createUser, signInAs }) => {
    const staff = await createUser({ role: 'admin' });
    await signInAs(page, staff, { secondFactor: null });
    const pages = adminPages();
    expect(pages).toContain('/admin/reports');
    expect(pages).toContain('/admin/two-step');
    for (const url of pages.filter((p) => p !== '/admin/two-step')) {
      await page.goto(url);
      await expect(page, `${url} sends an unenrolled staff session to enrolment`).toHaveURL(/\/admin\/two-step$/);
      await expect(page.getByRole('navigation', { name: /staff/i })).toHaveCount(0);
    }
    for (const url of staffApiRoutes()) {
      const res = await page.request.get(url);
      expect(res.status(), url).toBe(404);
    }
  });

  test('enrolling on /admin/two-step opens the staff pages @phone', async ({ page, createUser, signInAs }, testInfo) => {
    // Several sign-ins, each an argon2 verify on a shared 2-core machine.
    test.slow();
    const staff = await createUser({ role: 'staff' });
    await signInAs(page, staff, { secondFactor: null });
    await page.goto('/admin/reports');
    await expect(page).toHaveURL(/\/admin\/two-step$/);
    await expectAccessible(page);
    await photograph(page, testInfo, 'two-step-staff-enrol');
    const { setup, secret } = await setUpAuthenticatorApp(page);
    await field(setup, '6-digit code').fill(totpCode(secret));
    await setup.getByRole('button', { name: 'Turn on' }).click();
    await expectRecoveryCodesShownOnce(page);
    await page.getByRole('link', { name: 'Go to staff pages' }).click();
    await page.goto('/admin/reports');
    await expect(page.getByRole('heading', { level: 1, name: 'Inaccuracy reports' })).toBeVisible();
    // Staff may not remove their last factor.
    await visit(page, '/account/security');
    await twoStep(page).getByRole('button', { name: 'Remove authenticator app' }).click();
    await twoStep(page).getByRole('group', { name: 'Remove authenticator app' }).getByRole('button', { name: 'Remove authenticator app' }).click();
    const reauth = page.getByRole('form', { name: 'Confirm it is you' });
    await field(reauth, 'Your password').fill(staff.password);
    await reauth.getByRole('button', { name: 'Confirm' }).click();
    // Staff re-authentication asks for the second factor too.
    const factor = page.getByRole('form', { name: 'Code from your authenticator app' });
    await field(factor, '6-digit code').fill(totpCode(secret, 30));
    await factor.getByRole('button', { name: 'Confirm' }).click();
    await expect(twoStep(page).getByRole('alert')).toHaveText('Staff accounts must keep a second step. Add another one before you remove this one.');
    await expect(twoStep(page).getByText(/^On since/)).toBeVisible();
  });
});
