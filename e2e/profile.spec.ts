import type { Page } from '@playwright/test';
import { expect, expectAccessible, latestMail, test, typed, unique, visit } from './fixtures';
import {
  captureAction,
  codeSentTo,
  control,
  expectFieldError,
  freeMobile,
  FULL_PROFILE,
  historyRows,
  infoRow,
  isActionPost,
  LABELS,
  postAction,
  profileRow,
  requestLogLine,
  requestLogLines,
  setProfile,
  tamperNextAction,
  type ProfileField,
} from './profile-helpers';

const SAVED = 'Your changes are saved.';
const save = (page: Page) => page.getByRole('button', { name: 'Save changes' }).click();
const savedNotice = (page: Page) => page.getByRole('status').filter({ hasText: SAVED });
const history = (page: Page) => page.getByRole('region', { name: 'Recent changes to your information' });
const completenessHeading = (page: Page) => page.getByRole('heading', { name: /^Profile \d+% complete$/ });
const contact = (page: Page) => page.getByRole('region', { name: 'Contact details' });

/**
 * Opens a page and waits until it is ready to use. axe runs once per page and
 * state (see `visit` and the expectAccessible calls), not on every visit: the
 * profile page's long country and time zone lists make each run costly.
 */
async function open(page: Page, url: string) {
  await page.goto(url);
  await page.waitForLoadState('networkidle');
}

/** Counts the server actions the page posts (none when the form's own checks refuse the input). */
function countActionPosts(page: Page) {
  const posts: string[] = [];
  page.on('request', (r) => {
    if (isActionPost(r)) posts.push(r.url());
  });
  return posts;
}

test.describe('profile', () => {
  test('view the information, edit and save the profile; it persists and the history says who @phone', async ({ page, createUser, signInAs, sql }) => {
    const user = await createUser({ withPin: false });
    await signInAs(page, user);

    await visit(page, '/account');
    await expect(page.getByRole('heading', { level: 1, name: 'Your information' })).toBeVisible();
    await expect(infoRow(page, 'Username')).toContainText(user.username);
    await expect(infoRow(page, 'Email')).toContainText(user.email);
    await expect(infoRow(page, 'Email')).toContainText('Confirmed');
    await expect(infoRow(page, 'Full name')).toContainText('Not given');
    await expect(history(page)).toContainText('No changes yet.');

    await page.getByRole('link', { name: 'Add (Full name)' }).click();
    await expect(page).toHaveURL(/\/account\/profile$/);
    await expect(completenessHeading(page)).toHaveText('Profile 0% complete');
    await expectAccessible(page);

    await control(page, 'Full name').fill('Grace Hopper');
    await control(page, 'Preferred name').fill('Amazing Grace');
    await control(page, 'Date of birth').fill('1986-12-09');
    await control(page, 'Town or city').fill('Paris');
    await control(page, 'Postal code').fill('75001');
    await control(page, 'Country').selectOption('FR');
    await control(page, 'Preferred language').selectOption('fr');
    await control(page, 'Time zone').selectOption('Europe/Paris');
    await save(page);

    await expect(savedNotice(page)).toBeVisible();
    await expect(completenessHeading(page)).toHaveText('Profile 67% complete'); // 8 of 12
    await expect(page.getByRole('progressbar', { name: 'Profile completeness' })).toHaveAttribute('aria-valuenow', '67');
    await expect(history(page).getByRole('listitem').filter({ hasText: 'Full name added by you' })).toHaveCount(1);
    await expect(history(page).getByRole('listitem')).toHaveCount(8);
    expect(await profileRow(sql, user.id)).toMatchObject({
      fullName: 'Grace Hopper',
      preferredName: 'Amazing Grace',
      dateOfBirth: '1986-12-09',
      city: 'Paris',
      postalCode: '75001',
      country: 'FR',
      preferredLanguage: 'fr',
      timeZone: 'Europe/Paris',
      company: null,
      version: 2,
    });

    await page.reload();
    await expect(control(page, 'Full name')).toHaveValue('Grace Hopper');
    await expect(control(page, 'Date of birth')).toHaveValue('1986-12-09');
    await expect(control(page, 'Country')).toHaveValue('FR');
    await expect(control(page, 'Time zone')).toHaveValue('Europe/Paris');
    await expect(control(page, 'Company')).toHaveValue('');

    // Saving an unchanged form writes nothing.
    await save(page);
    await expect(page.getByRole('status').filter({ hasText: 'Nothing to save: you have not changed anything.' })).toBeVisible();
    expect((await profileRow(sql, user.id))!.version).toBe(2);
    expect(await historyRows(sql, user.id)).toHaveLength(8);

    // A second edit: only what changed is recorded.
    await control(page, 'Preferred name').fill('Grace');
    await save(page);
    await expect(history(page).getByRole('listitem').first()).toContainText('Preferred name changed by you');
    await expect(history(page).getByRole('listitem')).toHaveCount(9);
    expect((await profileRow(sql, user.id))!.version).toBe(3);

    await open(page, '/account');
    await expect(infoRow(page, 'Full name')).toContainText('Grace Hopper');
    await expect(infoRow(page, 'Preferred name')).toContainText('Grace');
    await expect(infoRow(page, 'Date of birth')).toContainText('1986-12-09');
    await expect(infoRow(page, 'Postal address')).toContainText('Paris, 75001, France');
    await expect(infoRow(page, 'Language')).toContainText('French');
    await expect(infoRow(page, 'Time zone')).toContainText('Europe/Paris');
    await expect(infoRow(page, 'Company')).toContainText('Not given');
    await expect(history(page).getByRole('listitem')).toHaveCount(5); // the five most recent
    await expect(history(page).getByRole('listitem').first()).toContainText('Preferred name changed by you');
  });

  test('the completeness meter lists what is missing; each link focuses its input', async ({ page, createUser, signInAs, sql }) => {
    const user = await createUser({ withPin: false });
    await setProfile(sql, user.id, { fullName: 'Meter Reader', city: 'Cardiff' });
    await signInAs(page, user);
    await open(page, '/account/profile');

    const meter = page.getByRole('region', { name: /^Profile \d+% complete$/ });
    await expect(completenessHeading(page)).toHaveText('Profile 17% complete'); // 2 of 12
    const missing = (Object.keys(LABELS) as ProfileField[]).filter((f) => f !== 'fullName' && f !== 'city');
    await expect(meter.getByRole('link')).toHaveText(missing.map((f) => LABELS[f]));

    await meter.getByRole('link', { name: 'Time zone' }).click();
    await expect(control(page, 'Time zone')).toBeFocused();
    await meter.getByRole('link', { name: 'Postal code' }).click();
    await expect(control(page, 'Postal code')).toBeFocused();
    await page.keyboard.type('CF10 1AA');
    await save(page);

    await expect(savedNotice(page)).toBeVisible();
    await expect(completenessHeading(page)).toHaveText('Profile 25% complete');
    await expect(meter.getByRole('link', { name: 'Postal code' })).toHaveCount(0);
    expect((await profileRow(sql, user.id))!.postalCode).toBe('CF10 1AA');
  });

  test('remove a field after confirming: the value is gone and the column is NULL', async ({ page, createUser, signInAs, sql }) => {
    const user = await createUser({ withPin: false });
    const company = `Remove Me ${unique()} Ltd`;
    await setProfile(sql, user.id, { fullName: 'Remy Mover', company, city: 'Leeds' });
    await signInAs(page, user);
    await open(page, '/account/profile');

    await expect(page.getByRole('button', { name: 'Remove full name' })).toHaveCount(0); // required: it can be corrected, not removed
    const dialog = page.getByRole('alertdialog', { name: 'Remove your company?' });
    await page.getByRole('button', { name: 'Remove company' }).click();
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('not what it was');
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('button', { name: 'Remove company' })).toBeFocused();
    // From the keyboard: Enter opens it with focus inside, Escape closes it and focus goes back.
    await page.keyboard.press('Enter');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('button', { name: 'Remove company' })).toBeFocused();
    expect((await profileRow(sql, user.id))!.company).toBe(company);

    await page.getByRole('button', { name: 'Remove company' }).click();
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await expect(dialog).toBeHidden();
    await expect(savedNotice(page)).toBeVisible();
    await expect(control(page, 'Company')).toHaveValue('');
    await expect(page.getByRole('button', { name: 'Remove company' })).toHaveCount(0);
    await expect(history(page).getByRole('listitem').first()).toContainText('Company removed by you');

    const [raw] = await sql`select company is null as gone, city, version from profiles where user_id = ${user.id}`;
    expect(raw).toEqual({ gone: true, city: 'Leeds', version: 2 });
    expect(await historyRows(sql, user.id)).toEqual([{ field: 'company', kind: 'removed', actor: 'customer' }]);
    const [copies] = await sql`select count(*)::int as n from profile_changes pc where pc::text like ${`%${company}%`}`;
    expect(copies!.n).toBe(0);

    await page.reload();
    await expect(control(page, 'Company')).toHaveValue('');
    await expect(control(page, 'Town or city')).toHaveValue('Leeds');
  });

  test('change email: confirm it is you, a code goes to the new address, then it switches and the old one is told @phone', async ({ page, createUser, signInAs, sql }) => {
    const user = await createUser({ withPin: false });
    await signInAs(page, user);
    await open(page, '/account/profile');
    const box = contact(page);
    await expect(box).toContainText(user.email);

    await box.getByRole('button', { name: 'Change email' }).click();
    const reauth = page.getByRole('form', { name: 'Confirm it is you' });
    await control(reauth, 'Your password').fill(typed('not the password at all'));
    await reauth.getByRole('button', { name: 'Confirm' }).click();
    await expectFieldError(reauth, 'Your password', 'That password is not right.');
    await expect(control(reauth, 'Your password')).toHaveValue('');
    await control(reauth, 'Your password').fill(user.password);
    await reauth.getByRole('button', { name: 'Confirm' }).click();

    const newEmail = `moved${unique()}@example.test`;
    await box.getByRole('textbox', { name: 'New email address' }).fill(newEmail);
    await box.getByRole('button', { name: 'Send code' }).click();
    await expect(box.getByRole('status')).toContainText(`We sent a code to ${newEmail}`);
    const sent = await codeSentTo(sql, newEmail);
    expect(sent.channel).toBe('email');
    const [before] = await sql`select email from users where id = ${user.id}`;
    expect(before!.email).toBe(user.email); // nothing switches before the code comes back
    await expectAccessible(page);

    await control(box, 'Code').fill(typed(sent.code));
    await box.getByRole('button', { name: 'Confirm change' }).click();
    await expect(box.getByRole('status').filter({ hasText: 'Email address changed. We told your previous email address about it.' })).toBeVisible();
    await expect(box).toContainText(newEmail);
    await expect(box).not.toContainText(user.email);

    const [after] = await sql`select email, email_normalized, email_verified_at from users where id = ${user.id}`;
    expect(after).toMatchObject({ email: newEmail, email_normalized: newEmail });
    expect(after!.email_verified_at).not.toBeNull();
    expect((await latestMail(sql, user.email))?.subject).toBe('Your email address was changed');
    await expect(history(page).getByRole('listitem').first()).toContainText('Email address changed by you');

    await page.goto('/account');
    await expect(infoRow(page, 'Email')).toContainText(newEmail);
  });

  test('change mobile: a code is texted to the new number (E.164) and only then it switches', async ({ page, createUser, signInAs, sql }) => {
    const user = await createUser();
    const { sessionId } = await signInAs(page, user);
    await open(page, '/account/profile');
    const box = contact(page);
    const shown = `+44 7700 900${user.mobile!.slice(-3)}`;
    await expect(box).toContainText(shown);

    await box.getByRole('button', { name: 'Change mobile' }).click();
    const reauth = page.getByRole('form', { name: 'Confirm it is you' });
    // The customer has a PIN, but a mobile change needs the password: the PIN is not offered here.
    await expect(reauth.getByRole('button', { name: 'Use my PIN instead' })).toHaveCount(0);
    await control(reauth, 'Your password').fill(user.password);
    await reauth.getByRole('button', { name: 'Confirm' }).click();

    const mobile = await freeMobile(sql);
    await expect(box.getByRole('textbox', { name: 'New mobile number' })).toBeVisible();
    // The 5-minute window closes before the customer sends the number: they are asked again, and nothing is sent.
    const [opened] = await sql`update sessions set reauthenticated_at = reauthenticated_at - interval '5 minutes 1 second' where id = ${sessionId} returning reauthenticated_at`;
    expect(opened!.reauthenticated_at).not.toBeNull();
    await box.getByRole('textbox', { name: 'New mobile number' }).fill(mobile.local);
    await box.getByRole('button', { name: 'Send code' }).click();
    await expect(page.getByText('For your security, confirm it is you again first.')).toBeVisible();
    expect((await sql`select count(*)::int as n from outbox where recipient = ${mobile.e164}`)[0]!.n).toBe(0);
    await control(reauth, 'Your password').fill(user.password);
    await reauth.getByRole('button', { name: 'Confirm' }).click();

    await box.getByRole('textbox', { name: 'New mobile number' }).fill(mobile.local);
    await box.getByRole('button', { name: 'Send code' }).click();
    await expect(box.getByRole('status')).toContainText('We sent a code to');
    const sms = await codeSentTo(sql, mobile.e164);
    expect(sms.channel).toBe('sms');
    expect((await sql`select mobile from users where id = ${user.id}`)[0]!.mobile).toBe(user.mobile);

    await control(box, 'Code').fill(typed(sms.code));
    await box.getByRole('button', { name: 'Confirm change' }).click();
    await expect(box.getByRole('status').filter({ hasText: 'Mobile number changed.' })).toBeVisible();
    await expect(box).toContainText(mobile.international);
    const [after] = await sql`select mobile, mobile_verified_at, pin_hash is not null as has_pin from users where id = ${user.id}`;
    expect(after).toMatchObject({ mobile: mobile.e164, has_pin: true });
    expect(after!.mobile_verified_at).not.toBeNull();
    expect((await latestMail(sql, user.email))?.subject).toBe('Your mobile number was changed');
  });

  test('removing the mobile number warns that the PIN goes too, and removes both', async ({ page, createUser, signInAs, sql }) => {
    const user = await createUser();
    await signInAs(page, user);
    await open(page, '/account/profile');
    const box = contact(page);

    await box.getByRole('button', { name: 'Remove mobile number' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Remove your mobile number?' });
    await expect(dialog).toContainText('your PIN will be deleted too');
    await dialog.getByRole('button', { name: 'Remove number and PIN' }).click();

    // The session has not confirmed it is the customer recently: that comes first.
    await expect(page.getByText('For your security, confirm it is you again first.')).toBeVisible();
    expect((await sql`select mobile from users where id = ${user.id}`)[0]!.mobile).toBe(user.mobile);
    const reauth = page.getByRole('form', { name: 'Confirm it is you' });
    await control(reauth, 'Your password').fill(user.password);
    await reauth.getByRole('button', { name: 'Confirm' }).click();

    // Having confirmed it is them, the removal they asked for goes ahead (not a form for a new number).
    await expect(box.getByRole('status').filter({ hasText: 'Mobile number and PIN removed. We emailed you about it.' })).toBeVisible();
    await expect(box.getByRole('textbox')).toHaveCount(0);
    await expect(box).toContainText('Not given');
    await expect(box.getByRole('button', { name: 'Add mobile' })).toBeVisible();
    const [after] = await sql`select mobile, mobile_verified_at, pin_hash from users where id = ${user.id}`;
    expect(after).toEqual({ mobile: null, mobile_verified_at: null, pin_hash: null });
    expect((await historyRows(sql, user.id)).map((h) => `${h.field} ${h.kind}`).sort()).toEqual(['mobile removed', 'pin removed']);
    expect((await latestMail(sql, user.email))?.subject).toBe('Your mobile number was removed');

    await page.goto('/account');
    await expect(infoRow(page, 'Mobile number')).toContainText('Not given');
    await expect(infoRow(page, 'Mobile and PIN')).toContainText('Not set');
  });

  test('a save from a stale tab is a conflict showing the current values; nothing is overwritten', async ({ page, createUser, signInAs, sql, consoleErrors }) => {
    const user = await createUser({ withPin: false });
    await setProfile(sql, user.id, { fullName: 'Two Tabs', city: 'Original City' });
    await signInAs(page, user);
    const tab1 = page;
    const tab2 = await page.context().newPage();
    tab2.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && consoleErrors.push(`tab2: ${m.text()}`));
    tab2.on('pageerror', (e) => consoleErrors.push(`tab2: ${e.message}`));
    await tab1.goto('/account/profile');
    await tab2.goto('/account/profile');

    await control(tab1, 'Town or city').fill('Tab One City');
    await save(tab1);
    await expect(savedNotice(tab1)).toBeVisible();

    await control(tab2, 'Town or city').fill('Tab Two City');
    await control(tab2, 'Company').fill('Tab Two Co');
    await save(tab2);
    const alert = tab2.locator('form [role=alert]');
    await expect(alert).toContainText('Your details were changed somewhere else (another tab or device) since you opened this page. Nothing was saved.');
    await expect(alert.getByRole('listitem').filter({ hasText: 'Town or city: Tab One City' })).toBeVisible();
    await expect(alert.getByRole('listitem').filter({ hasText: 'Company: not set' })).toBeVisible();
    await expect(savedNotice(tab2)).toHaveCount(0);
    await expectAccessible(tab2);

    expect(await profileRow(sql, user.id)).toMatchObject({ city: 'Tab One City', company: null, version: 2 });
    expect((await historyRows(sql, user.id)).map((h) => h.field)).toEqual(['city']);

    await alert.getByRole('button', { name: 'Load the current values' }).click();
    await expect(alert).toHaveCount(0);
    await expect(control(tab2, 'Town or city')).toHaveValue('Tab One City');
    await expect(control(tab2, 'Company')).toHaveValue('');
    await control(tab2, 'Company').fill('Chosen Co');
    await save(tab2);
    await expect(savedNotice(tab2)).toBeVisible();
    expect(await profileRow(sql, user.id)).toMatchObject({ city: 'Tab One City', company: 'Chosen Co', version: 3 });
    await tab2.close();
  });

  test('bad input in the form: a message by each field, focus on the first, nothing posted or written', async ({ page, createUser, signInAs, sql }) => {
    const user = await createUser({ withPin: false });
    await setProfile(sql, user.id, { fullName: 'Valid Name' });
    await signInAs(page, user);
    await open(page, '/account/profile');
    const posts = countActionPosts(page);

    await control(page, 'Full name').fill('');
    await control(page, 'Preferred name').fill('x'.repeat(10 * 1024));
    await control(page, 'Date of birth').fill('2023-02-30');
    await control(page, 'Address line 1').fill('Bell\u0007Street');
    await control(page, 'Company').fill('Line\u001bBreak');
    await control(page, 'Postal code').fill('<b>1</b>');
    // Enter in a field submits the form (implicit submission), as keyboard users do.
    await control(page, 'Postal code').press('Enter');

    await expectFieldError(page, 'Full name', 'Enter your full name');
    await expectFieldError(page, 'Preferred name', 'Use at most 100 characters');
    await expectFieldError(page, 'Date of birth', 'Enter a real date');
    await expectFieldError(page, 'Address line 1', 'Remove line breaks and control characters');
    await expectFieldError(page, 'Company', 'Remove line breaks and control characters');
    await expectFieldError(page, 'Postal code', 'Use letters, numbers, spaces and dashes');
    await expect(control(page, 'Full name')).toBeFocused();
    await expectAccessible(page);

    for (const [value, message] of [
      ['yesterday', 'Enter a date like 1990-04-21'],
      ['2999-01-01', 'Your date of birth cannot be in the future'],
      ['1850-01-01', 'Check the year: that would make you over 130'],
    ]) {
      await control(page, 'Date of birth').fill(value!);
      await control(page, 'Date of birth').press('Enter');
      await expectFieldError(page, 'Date of birth', message!);
      await expect(control(page, 'Full name')).toBeFocused();
    }

    expect(posts).toEqual([]);
    expect(await profileRow(sql, user.id)).toMatchObject({ fullName: 'Valid Name', preferredName: null, version: 1 });
    expect(await historyRows(sql, user.id)).toEqual([]);
  });

  test('bad and non-text values posted straight to the action: the action refuses each by its field and writes nothing', async ({ page, createUser, signInAs, sql }) => {
    const user = await createUser({ withPin: false });
    await setProfile(sql, user.id, { fullName: 'Valid Name', city: 'York' });
    await signInAs(page, user);
    await open(page, '/account/profile');

    await control(page, 'Company').fill('Looks Fine Ltd');
    const answer = tamperNextAction(page, ([form]) => [
      {
        ...(form as object),
        fullName: 42,
        company: { name: 'Object Ltd' },
        city: ['York', 'Leeds'],
        region: true,
        addressLine2: 'Line\nbreak',
        addressLine1: 'x'.repeat(10 * 1024),
        dateOfBirth: '1990-13-01',
        country: 'XX',
        preferredLanguage: 'xx',
        timeZone: 'Mars/Olympus_Mons',
      },
    ]);
    await save(page);
    expect(await answer).toContain('"ok":false');

    await expectFieldError(page, 'Full name', 'Your full name must be text');
    await expectFieldError(page, 'Company', 'A company must be text');
    await expectFieldError(page, 'Town or city', 'A town or city must be text');
    await expectFieldError(page, 'County, state or region', 'A region must be text');
    await expectFieldError(page, 'Address line 2', 'Remove line breaks and control characters');
    await expectFieldError(page, 'Address line 1', 'Use at most 200 characters');
    await expectFieldError(page, 'Date of birth', 'Enter a real date');
    await expectFieldError(page, 'Country', 'Choose a country from the list');
    await expectFieldError(page, 'Preferred language', 'Choose a language from the list');
    await expectFieldError(page, 'Time zone', 'Choose a time zone from the list');
    await expect(savedNotice(page)).toHaveCount(0);

    expect(await profileRow(sql, user.id)).toMatchObject({ fullName: 'Valid Name', city: 'York', company: null, version: 1 });
    expect(await historyRows(sql, user.id)).toEqual([]);

    // Not an object at all, or a version that is not a number: a message, no write, no crash.
    const action = await captureAction(page, async () => {
      await control(page, 'Company').fill('Real Co');
      await save(page);
    });
    await expect(savedNotice(page)).toBeVisible();
    const version = (await profileRow(sql, user.id))!.version;
    for (const args of [[null], ['fullName=Mallory'], [[1, 2]], [{ ...FULL_PROFILE, version: 'abc' }], [{ ...FULL_PROFILE, version: { $gt: 0 } }], []]) {
      const r = await postAction(page, action, args);
      expect(r.status, JSON.stringify(args)).toBe(200);
      expect(r.text, JSON.stringify(args)).toContain('"ok":false');
    }
    expect(await profileRow(sql, user.id)).toMatchObject({ fullName: 'Valid Name', company: 'Real Co', version });
  });

  test('HTML and script text is stored verbatim and shown as plain text', async ({ page, createUser, signInAs, sql }) => {
    const user = await createUser({ withPin: false });
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await signInAs(page, user);
    await open(page, '/account/profile');
    const img = '<img src=x onerror=alert(1)>';
    const script = '<script>alert("xss")</script>';
    const svg = '"><svg onload=alert(2)>';
    await control(page, 'Full name').fill(img);
    await control(page, 'Preferred name').fill(script);
    await control(page, 'Company').fill(svg);
    await save(page);
    await expect(savedNotice(page)).toBeVisible();
    expect(await profileRow(sql, user.id)).toMatchObject({ fullName: img, preferredName: script, company: svg });

    await open(page, '/account');
    await expect(infoRow(page, 'Full name').locator('dd').first()).toHaveText(img);
    await expect(infoRow(page, 'Preferred name').locator('dd').first()).toHaveText(script);
    await expect(infoRow(page, 'Company').locator('dd').first()).toHaveText(svg);
    await expect(page.locator('img[src="x"], svg[onload], main script')).toHaveCount(0);
    await page.reload();
    await expect(page.locator('img[src="x"], svg[onload], main script')).toHaveCount(0);

    await page.goto('/account/profile');
    await expect(control(page, 'Full name')).toHaveValue(img);
    await expect(page.locator('img[src="x"], svg[onload], main script')).toHaveCount(0);
    expect(dialogs).toEqual([]);
  });

  test("another customer's session sees and changes only its own profile, whatever it sends", async ({ page, createUser, signInAs, sql }) => {
    const alice = await createUser({ withPin: false });
    const bob = await createUser({ withPin: false });
    const aliceName = `Alice Secret ${unique()}`;
    const aliceCompany = `Alice Private ${unique()} Ltd`;
    await setProfile(sql, alice.id, { ...FULL_PROFILE, fullName: aliceName, company: aliceCompany }, 4);
    await setProfile(sql, bob.id, { fullName: 'Bob Own', company: 'Bob Co' });
    const aliceBefore = await profileRow(sql, alice.id);
    const [aliceUserBefore] = await sql`select email, mobile, updated_at from users where id = ${alice.id}`;

    await signInAs(page, bob);
    for (const url of ['/account', '/account/profile', `/account?userId=${alice.id}`, `/account/profile?userId=${alice.id}&user=${alice.username}`]) {
      await page.goto(url);
      if (url.startsWith('/account/profile')) await expect(control(page, 'Full name')).toHaveValue('Bob Own');
      else await expect(infoRow(page, 'Full name')).toContainText('Bob Own');
      await expect(page.locator('main')).toContainText(bob.email);
      // The whole document, including the data the page hydrates from.
      const html = await page.content();
      // (The id and username in the address itself are echoed back in the page's router state: that is not Alice's data.)
      const secrets = url.includes('?') ? [aliceName, aliceCompany, alice.email] : [aliceName, aliceCompany, alice.email, alice.username, alice.id];
      for (const secret of secrets) expect(html, `${url} shows ${secret}`).not.toContain(secret);
    }

    // Bob's own save, with Alice's id and version slipped into what is posted.
    await page.goto('/account/profile');
    // Type only once the form is hydrated, or React may restore the server-rendered value around the typed one.
    await page.waitForLoadState('networkidle');
    await control(page, 'Company').fill('Bob Changed Co');
    await expect(control(page, 'Company')).toHaveValue('Bob Changed Co');
    const answer = tamperNextAction(page, ([form]) => [{ ...(form as object), userId: alice.id, user_id: alice.id, id: alice.id }, alice.id]);
    const save1 = await captureAction(page, () => save(page));
    await answer;
    await expect(savedNotice(page)).toBeVisible();
    expect(await profileRow(sql, bob.id)).toMatchObject({ company: 'Bob Changed Co', version: 2 });

    // Posting straight to the actions, with Alice's id and her version.
    const remove = await captureAction(page, async () => {
      await page.getByRole('button', { name: 'Remove company' }).click();
      await page.getByRole('alertdialog').getByRole('button', { name: 'Remove' }).click();
    });
    await expect(control(page, 'Company')).toHaveValue('');
    await postAction(page, save1, [{ ...FULL_PROFILE, fullName: 'Hijacked', userId: alice.id, version: aliceBefore!.version }, { userId: alice.id }]);
    await postAction(page, remove, [{ field: 'company', version: aliceBefore!.version, userId: alice.id }, alice.id]);
    await postAction(page, remove, [{ field: 'city', version: aliceBefore!.version + 1, userId: alice.id }]);

    expect(await profileRow(sql, alice.id)).toEqual(aliceBefore);
    expect(await historyRows(sql, alice.id)).toEqual([]);
    const [aliceUserAfter] = await sql`select email, mobile, updated_at from users where id = ${alice.id}`;
    expect(aliceUserAfter).toEqual(aliceUserBefore);
    expect(save1.id).not.toBe(remove.id);
  });

  test('the page carries only the saved choices; the full lists arrive when the form is used, and a failed download says so and is tried again', async ({ page, createUser, signInAs, sql }) => {
    const user = await createUser({ withPin: false });
    await setProfile(sql, user.id, { fullName: 'Lists Loaded', country: 'FR', timeZone: 'Europe/Paris' });
    await signInAs(page, user);
    // The server's HTML: each select holds "Not set" and the saved choice, nothing more.
    const html = await (await page.request.get('/account/profile')).text();
    expect(html.match(/<option/g)?.length).toBe(5);
    expect(html).toContain('>France</option>');

    // The first download fails: the form says so where the user is, and the saved choice is still selected.
    let reachable = false;
    await page.route('**/api/profile-choices', (route) => (reachable ? route.continue() : route.fulfill({ status: 503, body: '' })));
    await open(page, '/account/profile');
    await expect(page.getByText('We could not load the lists of countries, languages and time zones.')).toBeVisible();
    await expect(control(page, 'Country')).toHaveValue('FR');
    // Using the form tries again; the lists fill in, the message goes, the choices are kept.
    reachable = true;
    await control(page, 'Full name').focus();
    await control(page, 'Country').focus();
    await expect(control(page, 'Country').locator('option')).toHaveCount(250);
    await expect(page.getByText('We could not load the lists of countries, languages and time zones.')).toBeHidden();
    await expect(control(page, 'Country')).toHaveValue('FR');
    await expect(control(page, 'Time zone')).toHaveValue('Europe/Paris');
    expect(await control(page, 'Time zone').locator('option').count()).toBeGreaterThan(300);
    await control(page, 'Country').selectOption('DE');
    await save(page);
    await expect(savedNotice(page)).toBeVisible();
    expect((await profileRow(sql, user.id))!.country).toBe('DE');
  });

  test('keyboard only: every field is reachable, and Enter on Save changes saves', async ({ page, createUser, signInAs, sql }) => {
    const user = await createUser({ withPin: false });
    await setProfile(sql, user.id, { fullName: 'Key Board', company: 'Keys Ltd' });
    await signInAs(page, user);
    await open(page, '/account/profile');

    await control(page, 'Full name').focus();
    await page.keyboard.press('End');
    await page.keyboard.type(' Jr');

    const reached = new Set<string>();
    let onSave = false;
    for (let i = 0; i < 60 && !onSave; i++) {
      await page.keyboard.press('Tab');
      const active = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        return { id: el?.id ?? '', name: el?.getAttribute('aria-label') ?? el?.textContent?.trim() ?? '', tag: el?.tagName ?? '' };
      });
      reached.add(active.id || active.name);
      onSave = active.tag === 'BUTTON' && active.name === 'Save changes';
    }
    expect(onSave, 'Save changes is reachable with Tab').toBe(true);
    const fields = ['preferredName', 'dateOfBirth', 'company', 'addressLine1', 'addressLine2', 'city', 'region', 'postalCode', 'country', 'preferredLanguage', 'timeZone'];
    expect([...reached].filter((r) => r.startsWith('profile-'))).toEqual(fields.map((f) => `profile-${f}`));
    expect(reached).toContain('Remove company');

    await page.keyboard.press('Enter');
    await expect(savedNotice(page)).toBeVisible();
    expect((await profileRow(sql, user.id))!.fullName).toBe('Key Board Jr');
  });

  test('every signed-in customer page renders in two queries (the session, the page), with 200 history rows as with 1', async ({ page, createUser, signInAs, sql }) => {
    // docs/decisions/033: one statement checks the session row (and touches it, and reads the policy notice),
    // one reads what the page shows. Neither grows with what the account holds.
    const PAGES = ['/account', '/account/profile', '/account/security', '/account/communications'];
    const busy = await createUser({ withPin: false });
    const quiet = await createUser({ withPin: false });
    for (const u of [busy, quiet]) await setProfile(sql, u.id, FULL_PROFILE, 2);
    await sql`
      insert into profile_changes (user_id, field, kind, actor, changed_at)
      select ${busy.id}, (array['fullName','city','company','email','mobile'])[1 + n % 5], 'changed', 'customer', now() - make_interval(mins => n)
      from generate_series(1, 200) n`;
    await sql`
      insert into login_events (user_id, success, method, reason, ip, user_agent, created_at)
      select ${busy.id}, n % 4 <> 0, 'password', 'ok', '203.0.113.9', 'Mozilla/5.0 Firefox/130.0', now() - make_interval(mins => n)
      from generate_series(1, 200) n`;
    await sql`
      insert into consent_events (user_id, topic, state, source, created_at)
      select ${busy.id}, 'newsletter', (array['granted','withdrawn'])[1 + n % 2]::consent_state, 'settings', now() - make_interval(mins => n)
      from generate_series(1, 200) n`;
    await sql`insert into profile_changes (user_id, field, kind) values (${quiet.id}, 'fullName', 'set')`;

    const queriesFor = async (u: typeof busy) => {
      await signInAs(page, u);
      const counts: Record<string, number> = {};
      for (const path of PAGES) {
        await page.request.get(path); // the first request of a page may do one-off work (the profile row of a new account)
        // A navigation more than 5 s after the last one touches the session: that write rides in the same statement.
        await sql`update sessions set last_seen_at = now() - interval '10 seconds' where user_id = ${u.id} and revoked_at is null`;
        const response = await page.request.get(path);
        expect(response.status(), path).toBe(200);
        if (path === '/account') expect(await response.text()).toContain(u.username);
        const requestId = response.headers()['x-request-id'];
        expect(requestId).toBeTruthy();
        const line = await requestLogLine(requestId!);
        expect(line).toMatchObject({ path, status: 200 });
        expect(typeof line.queries, 'the request log line carries a query count').toBe('number');
        counts[path] = line.queries as number;
      }
      // The touch happened, in those two queries.
      const [row] = await sql`select count(*)::int as n from sessions where user_id = ${u.id} and revoked_at is null and last_seen_at > now() - interval '5 seconds'`;
      expect(row!.n).toBeGreaterThan(0);
      return counts;
    };
    const withHistory = await queriesFor(busy);
    const withOne = await queriesFor(quiet);
    expect(withHistory).toEqual(withOne);
    expect(withHistory).toEqual(Object.fromEntries(PAGES.map((p) => [p, 2])));
    // Every request line carries its id and query count.
    const missing = requestLogLines().filter((l) => typeof l.requestId !== 'string' || typeof l.queries !== 'number');
    expect(missing.slice(0, 3), 'request log lines without requestId or queries').toEqual([]);
  });
});

test.describe('links', () => {
  test('opening a page prefetches nothing (every page renders per request), and a click still navigates without reloading', async ({ page, createUser, signInAs }) => {
    const user = await createUser({ withPin: false });
    await signInAs(page, user);
    const prefetches: string[] = [];
    page.on('request', (r) => {
      if (r.headers()['next-router-prefetch'] || new URL(r.url()).searchParams.has('_rsc')) prefetches.push(`${r.method()} ${new URL(r.url()).pathname}${new URL(r.url()).search}`);
    });
    for (const path of ['/account', '/account/security', '/account/communications', '/privacy']) {
      await visit(page, path);
      await page.waitForLoadState('networkidle');
      // Links in view are prefetched after the page settles, on idle: give that its time.
      await page.waitForTimeout(1500);
    }
    expect(prefetches).toEqual([]);

    // A click is a client-side navigation: the document (and this marker on it) stays.
    await visit(page, '/account');
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    await page.getByRole('link', { name: 'Add (Full name)' }).click();
    await expect(page).toHaveURL(/\/account\/profile$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Profile' })).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
  });
});
