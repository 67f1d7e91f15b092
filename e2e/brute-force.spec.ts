import type { Page } from '@playwright/test';
import { randomInt } from 'node:crypto';
import { test, expect, typed, randomPin } from './fixtures';
import { field, formAlert, INVALID_SIGN_IN, LOCKED_SIGN_IN, openPinTab, submitAndWaitForAnswer } from './helpers';

/** A PIN other than `right` that passes the PIN rules, so the server evaluates it. */
function wrongPin(right: string | null) {
  for (;;) {
    const pin = randomPin();
    if (pin !== right) return typed(pin);
  }
}

/** What the form must answer to the i-th wrong PIN in a row: 5 are evaluated, then the lock. */
const answerTo = (i: number) => (i <= 5 ? INVALID_SIGN_IN : LOCKED_SIGN_IN);

/**
 * Types `count` wrong PINs for `mobile`, each request claiming another client
 * address in X-Forwarded-For, and checks each answer.
 */
async function hammer(page: Page, mobile: string, count: number, rightPin: string | null) {
  const form = await openPinTab(page);
  await field(form, 'Mobile number').fill(mobile);
  for (let i = 1; i <= count; i++) {
    await page.setExtraHTTPHeaders({ 'X-Forwarded-For': `203.0.113.${i}, 198.51.100.${randomInt(1, 255)}`, 'X-Real-IP': `203.0.113.${i}` });
    await field(form, 'PIN').fill(wrongPin(rightPin));
    await submitAndWaitForAnswer(page, form.getByRole('button', { name: 'Sign in' }), field(form, 'PIN'));
    await expect(formAlert(page), `answer to wrong PIN ${i}`).toHaveText(answerTo(i));
  }
  return form;
}

test.describe('brute force on PINs', () => {
  test('20 wrong PINs from "different" addresses: 5 are evaluated, then the right PIN is refused too', async ({ page, createUser, sql }) => {
    const user = await createUser();
    const form = await hammer(page, user.mobileLocal!, 20, user.pin);

    // The right PIN during the lockout gets the same answer, and no session.
    await page.setExtraHTTPHeaders({ 'X-Forwarded-For': '192.0.2.77' });
    await field(form, 'PIN').fill(user.pin!);
    await submitAndWaitForAnswer(page, form.getByRole('button', { name: 'Sign in' }), field(form, 'PIN'));
    await expect(formAlert(page)).toHaveText(LOCKED_SIGN_IN);
    await expect(page).toHaveURL(/\/sign-in$/);
    await expect(field(form, 'Mobile number')).toHaveValue(user.mobileLocal!);

    const events = await sql`select reason, success, host(ip) as ip from login_events where user_id = ${user.id} order by id`;
    expect(events).toHaveLength(21);
    const reasons = events.map((e) => e.reason as string);
    expect(reasons.filter((r) => r === 'bad_credentials').length).toBeLessThanOrEqual(5);
    expect(reasons).toEqual([...Array(5).fill('bad_credentials'), ...Array(16).fill('locked')]);
    expect(events.every((e) => e.success === false)).toBe(true);
    // The address recorded is the socket's, never one the client claimed.
    expect(new Set(events.map((e) => e.ip))).toEqual(new Set([events[0]!.ip]));
    expect(events[0]!.ip).not.toMatch(/^(203\.0\.113|198\.51\.100|192\.0\.2)\./);

    const [{ n }] = (await sql`select count(*)::int as n from sessions where user_id = ${user.id}`) as [{ n: number }];
    expect(n).toBe(0);
    const [throttle] = await sql`select failures, locked_until > now() + interval '14 minutes' as locked_long from throttles where key = ${`pin:${user.mobile}`}`;
    expect(throttle).toMatchObject({ failures: 5, locked_long: true });
  });

  test('an unknown mobile number is locked the same way, with the same answers', async ({ page, sql }) => {
    // A valid UK mobile outside the range test accounts use, so no account has it.
    const e164 = `+4474009${String(randomInt(0, 100000)).padStart(5, '0')}`;
    const [{ n: owners }] = (await sql`select count(*)::int as n from users where mobile = ${e164}`) as [{ n: number }];
    expect(owners).toBe(0);
    await hammer(page, `0${e164.slice(3, 7)} ${e164.slice(7)}`, 8, null);
    const [throttle] = await sql`select failures, locked_until > now() + interval '14 minutes' as locked_long from throttles where key = ${`pin:${e164}`}`;
    expect(throttle).toMatchObject({ failures: 5, locked_long: true });
  });
});
