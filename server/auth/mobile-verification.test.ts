import { randomInt } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { loginEvents, outbox, users } from '@/db/schema';
import { confirmContactChange, requestContactChange } from '@/test/vitest/use-cases/contact';
import { createAccount } from '@/test/vitest/use-cases/accounts';
import { verifyPinSignIn } from './credentials';
import { confirmMobile, sendMobileCode } from './mobile-verification';
import { uid } from '@/test/kit/ids';

/*
 * Issue 11.4: a mobile number given at sign-up is not a sign-in identifier
 * until a code texted to it comes back. Until then a PIN sign-in with it gets
 * the wrong-PIN answer, and counts as a wrong PIN.
 */

const MIN = 60_000;
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);
const uniqueMobile = () => `+44793${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
const ctx = (ip = `10.${randomInt(0, 256)}.${randomInt(0, 256)}.${randomInt(1, 255)}`) => ({ ip, userAgent: 'vitest', requestId: null });
const INVALID = { ok: false, reason: 'invalid' };
const PIN = '583920';

/** Signs up the way the form does: email and mobile unconfirmed. */
async function signUp(opts: { mobile?: boolean } = {}) {
  const id = uid();
  const username = `mob${id}`;
  const mobile = opts.mobile === false ? undefined : uniqueMobile();
  const created = await createAccount({ username, email: `${username}@example.test`, password: `copper lantern ${id.slice(-6)} meadow`, mobile, pin: mobile ? PIN : undefined });
  if (!created.ok) throw new Error(JSON.stringify(created.fieldErrors));
  return { userId: created.userId, mobile };
}

const texts = (mobile: string) => getDb().select().from(outbox).where(and(eq(outbox.recipient, mobile), eq(outbox.channel, 'sms'))).orderBy(desc(outbox.id));
const codeIn = (text: string) => /\b([2-9A-HJ-NP-Z]{8})\b/.exec(text)?.[1] ?? '';
const latestCode = async (mobile: string) => codeIn((await texts(mobile))[0]?.text ?? '');
const send = (userId: string, now: Date) => getDb().transaction((tx) => sendMobileCode(tx, userId, now));
const confirm = (userId: string, code: string, now: Date) => getDb().transaction((tx) => confirmMobile(tx, userId, code, now));
const userRow = async (id: string) => (await getDb().select().from(users).where(eq(users.id, id)))[0]!;

describe('PIN sign-in waits for the mobile number to be confirmed', () => {
  it('refuses the right PIN with the wrong-PIN answer until the texted code comes back, then signs in', async () => {
    const u = await signUp();
    const t0 = new Date();
    const wrongPin = await verifyPinSignIn(u.mobile!, '918273', ctx(), t0);
    expect(wrongPin).toEqual(INVALID);
    expect(await verifyPinSignIn(u.mobile!, PIN, ctx(), t0)).toEqual(wrongPin);
    expect(await verifyPinSignIn(uniqueMobile(), PIN, ctx(), t0)).toEqual(wrongPin);

    // Sign-up texted the code.
    const [sms] = await texts(u.mobile!);
    expect(sms).toMatchObject({ userId: u.userId, recipient: u.mobile });
    expect(sms!.text).toMatch(/^Your Account Center code to confirm this number is [2-9A-HJ-NP-Z]{8}\. It expires in 10 minutes\./);
    expect(await confirm(u.userId, codeIn(sms!.text), at(t0, MIN))).toEqual({ ok: true });
    expect((await userRow(u.userId)).mobileVerifiedAt).toEqual(at(t0, MIN));
    expect(await verifyPinSignIn(u.mobile!, PIN, ctx(), at(t0, 2 * MIN))).toEqual({ ok: true, userId: u.userId, role: 'customer', secondStep: false });
  });

  it('counts a right PIN on an unconfirmed number as a failure: the same lockout as wrong PINs', async () => {
    const u = await signUp();
    const t0 = new Date();
    for (let i = 0; i < 5; i++) expect(await verifyPinSignIn(u.mobile!, PIN, ctx(), t0)).toEqual(INVALID);
    expect(await verifyPinSignIn(u.mobile!, PIN, ctx(), t0)).toEqual({ ok: false, reason: 'locked', retryAt: at(t0, 15 * MIN) });
    const events = await getDb().select({ reason: loginEvents.reason }).from(loginEvents).where(eq(loginEvents.userId, u.userId));
    expect(events.map((e) => e.reason)).toEqual([...Array(5).fill('bad_credentials'), 'locked']);
  });

  it('a staff correction of the number makes it unconfirmed again: the PIN waits for the new number', async () => {
    const u = await signUp();
    const t0 = new Date();
    expect(await confirm(u.userId, await latestCode(u.mobile!), t0)).toEqual({ ok: true });
    expect(await verifyPinSignIn(u.mobile!, PIN, ctx(), t0)).toMatchObject({ ok: true });
    // What server/reports/staff.ts writes when staff approve a corrected number.
    const corrected = uniqueMobile();
    await getDb().update(users).set({ mobile: corrected, mobileVerifiedAt: null }).where(eq(users.id, u.userId));
    expect(await verifyPinSignIn(corrected, PIN, ctx(), at(t0, MIN))).toEqual(INVALID);
    expect(await send(u.userId, at(t0, MIN))).toEqual({ ok: true });
    expect(await confirm(u.userId, await latestCode(corrected), at(t0, 2 * MIN))).toEqual({ ok: true });
    expect(await verifyPinSignIn(corrected, PIN, ctx(), at(t0, 3 * MIN))).toMatchObject({ ok: true });
  });
});

describe('confirmMobile', () => {
  it('says what is wrong with a code beside the field, counts wrong tries, and dies after 5', async () => {
    const u = await signUp();
    const t0 = new Date();
    const right = await latestCode(u.mobile!);
    const wrong = right === 'AAAAAAAA' ? 'BBBBBBBB' : 'AAAAAAAA';
    for (let i = 0; i < 4; i++) expect(await confirm(u.userId, wrong, t0)).toEqual({ ok: false, reason: { code: 'code_wrong', field: 'code' } });
    expect(await confirm(u.userId, wrong, t0)).toEqual({ ok: false, reason: { code: 'code_exhausted', field: 'code' } });
    expect(await confirm(u.userId, right, t0)).toEqual({ ok: false, reason: { code: 'code_expired', field: 'code' } });
    expect((await userRow(u.userId)).mobileVerifiedAt).toBeNull();
  });

  it('refuses an expired code (10 minutes), and takes the code in any case and padding', async () => {
    const u = await signUp();
    const t0 = new Date();
    expect(await send(u.userId, t0)).toEqual({ ok: true });
    const code = await latestCode(u.mobile!);
    expect(await confirm(u.userId, code, at(t0, 10 * MIN))).toEqual({ ok: false, reason: { code: 'code_expired', field: 'code' } });
    expect(await send(u.userId, at(t0, 11 * MIN))).toEqual({ ok: true });
    expect(await confirm(u.userId, ` ${(await latestCode(u.mobile!)).toLowerCase()} `, at(t0, 12 * MIN))).toEqual({ ok: true });
  });

  it('a code proves the number it was sent to only: after the number changed, it confirms nothing', async () => {
    const u = await signUp();
    const t0 = new Date();
    const oldCode = await latestCode(u.mobile!);
    // The customer changes the number through the profile (that number is confirmed by its own code).
    const next = uniqueMobile();
    expect(await requestContactChange('mobile', u.userId, next, t0)).toEqual({ ok: true });
    expect(await confirmContactChange('mobile', u.userId, await latestCode(next), t0)).toEqual({ ok: true });
    await getDb().update(users).set({ mobileVerifiedAt: null }).where(eq(users.id, u.userId));
    expect(await confirm(u.userId, oldCode, at(t0, MIN))).toEqual({ ok: false, reason: { code: 'code_for_other_number', field: 'code' } });
    expect((await userRow(u.userId)).mobileVerifiedAt).toBeNull();
  });
});

describe('sendMobileCode', () => {
  it('texts a new code that replaces the earlier one; 3 per quarter hour', async () => {
    const u = await signUp();
    const t0 = new Date();
    const first = await latestCode(u.mobile!);
    for (let i = 0; i < 3; i++) expect(await send(u.userId, at(t0, i * MIN))).toEqual({ ok: true });
    expect(await send(u.userId, at(t0, 4 * MIN))).toEqual({ ok: false, reason: { code: 'codes_rate_limited' } });
    expect(await texts(u.mobile!)).toHaveLength(4); // sign-up's and three more
    expect(await confirm(u.userId, first, at(t0, 5 * MIN))).toMatchObject({ ok: false });
    expect(await confirm(u.userId, await latestCode(u.mobile!), at(t0, 5 * MIN))).toEqual({ ok: true });
  });

  it('has nothing to send without a number, or once it is confirmed', async () => {
    const none = await signUp({ mobile: false });
    expect(await send(none.userId, new Date())).toEqual({ ok: false, reason: { code: 'no_mobile' } });
    const u = await signUp();
    expect(await confirm(u.userId, await latestCode(u.mobile!), new Date())).toEqual({ ok: true });
    expect(await send(u.userId, new Date())).toEqual({ ok: false, reason: { code: 'mobile_already_confirmed' } });
    expect(await texts(u.mobile!)).toHaveLength(1);
  });
});
