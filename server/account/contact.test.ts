import { desc, eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { outbox, profileChanges, sessions, throttles, users, verifications } from '@/db/schema';
import type { MessageCode } from '@/lib/messages';
import { CODE_ATTEMPTS } from '@/lib/policy';
import { hashSecret } from '../auth/hash';
import { isRecentlyReauthenticated, reauthenticate, REAUTH_WINDOW_MS, STEP_UP } from '../auth/reauth';
import { createSession } from '../auth/sessions';
import { confirmContactChange, removeMobile, requestContactChange } from '@/test/vitest/use-cases/contact';
import { uid } from '@/test/kit/ids';
import { throttleKeys } from '@/server/auth/throttle-keys';

const MIN = 60_000;
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);
const ctx = { ip: '203.0.113.7', userAgent: 'vitest', requestId: null };

let mobileSeq = 0;
/** A UK drama-range mobile, distinct per call within this file's own database. */
const nextMobile = () => `+447700900${String(++mobileSeq).padStart(3, '0')}`;

const PASSWORD = 'correct horse battery staple';
const PIN = '470815';
let hashes: Promise<[string, string]> | undefined;

async function newUser(opts: { mobile?: boolean; pin?: boolean; role?: 'customer' | 'staff' } = {}) {
  hashes ??= Promise.all([hashSecret(PASSWORD), hashSecret(PIN)]);
  const [passwordHash, pinHash] = await hashes;
  const username = `ct${uid()}`;
  const mobile = opts.mobile || opts.pin ? nextMobile() : null;
  const [row] = await getDb()
    .insert(users)
    .values({
      username,
      email: `${username}@example.test`,
      emailNormalized: `${username}@example.test`,
      emailVerifiedAt: new Date('2029-01-01T00:00:00Z'),
      mobile,
      mobileVerifiedAt: mobile ? new Date('2029-01-01T00:00:00Z') : null,
      passwordHash,
      pinHash: opts.pin ? pinHash : null,
      role: opts.role ?? 'customer',
    })
    .returning();
  return row!;
}

async function userRow(id: string) {
  const [row] = await getDb().select().from(users).where(eq(users.id, id));
  return row!;
}
const mailTo = (recipient: string) => getDb().select().from(outbox).where(eq(outbox.recipient, recipient)).orderBy(desc(outbox.id));
const historyOf = (userId: string) => getDb().select().from(profileChanges).where(eq(profileChanges.userId, userId)).orderBy(profileChanges.id);
const codeIn = (text: string) => /\b([2-9A-HJ-NP-Z]{8})\b/.exec(text)?.[1];

async function requestAndReadCode(kind: 'email' | 'mobile', userId: string, value: string, now: Date) {
  const r = await requestContactChange(kind, userId, value, now);
  expect(r).toEqual({ ok: true });
  const [message] = await mailTo(value);
  const code = codeIn(message!.text);
  expect(code, `a code in: ${message!.text}`).toBeDefined();
  return code!;
}
/** A refusal by reason (lib/messages.ts words it), naming the field it belongs to when there is one. */
const refusal = (code: MessageCode, field?: 'value' | 'code') => ({ ok: false, reason: field ? { code, field } : { code } });
const wrongCodeFor = (code: string) => (code.startsWith('2') ? '3' : '2') + code.slice(1);

describe('email change', () => {
  it('sends a code to the new address only; nothing changes until it is confirmed', async () => {
    const user = await newUser();
    const t0 = new Date();
    const newEmail = `new${uid()}@example.test`;
    const r = await requestContactChange('email', user.id, newEmail, t0);
    expect(r).toEqual({ ok: true });

    const toNew = await mailTo(newEmail);
    expect(toNew).toHaveLength(1);
    expect(toNew[0]).toMatchObject({ channel: 'email', subject: 'Your code to confirm this email address', userId: user.id });
    expect(codeIn(toNew[0]!.text)).toBeDefined();
    expect(await mailTo(user.email)).toEqual([]);

    expect(await userRow(user.id)).toEqual(user);
    expect(await historyOf(user.id)).toEqual([]);
    const [pending] = await getDb().select().from(verifications).where(eq(verifications.userId, user.id));
    expect(pending).toMatchObject({ purpose: 'email_change', target: newEmail, consumedAt: null, attempts: 0 });
    expect(pending!.codeHash).not.toContain(codeIn(toNew[0]!.text)!);
  });

  it('confirming switches email, its normalised form and verified time, and tells the old address', async () => {
    const user = await newUser();
    const t0 = new Date();
    const newEmail = `New.Person${uid()}@Example.TEST`;
    const code = await requestAndReadCode('email', user.id, newEmail, t0);
    const t1 = at(t0, 2 * MIN);
    // Codes are not case-sensitive and surrounding spaces are forgiven.
    expect(await confirmContactChange('email', user.id, ` ${code.toLowerCase()} `, t1)).toEqual({ ok: true });

    const after = await userRow(user.id);
    expect(after).toMatchObject({ email: newEmail, emailNormalized: newEmail.toLowerCase(), emailVerifiedAt: t1, updatedAt: t1, passwordHash: user.passwordHash, mobile: user.mobile });

    const [notice] = await mailTo(user.email);
    expect(notice).toMatchObject({ subject: 'Your email address was changed', userId: user.id });
    expect(notice!.text).not.toContain(newEmail);
    const history = await historyOf(user.id);
    expect(history.map(({ field, kind, actor }) => ({ field, kind, actor }))).toEqual([{ field: 'email', kind: 'changed', actor: 'customer' }]);
    expect(JSON.stringify(history)).not.toContain(newEmail);
    expect(JSON.stringify(history)).not.toContain(user.email);

    // The code is single use.
    expect(await confirmContactChange('email', user.id, code, at(t1, 1000))).toMatchObject({ ok: false, reason: { field: 'code' } });
  });

  it('counts wrong codes; after the last allowed attempt even the right code is refused', async () => {
    const user = await newUser();
    const t0 = new Date();
    const newEmail = `wrong${uid()}@example.test`;
    const code = await requestAndReadCode('email', user.id, newEmail, t0);
    const wrong = wrongCodeFor(code);

    for (let i = 1; i < CODE_ATTEMPTS; i++) {
      expect(await confirmContactChange('email', user.id, wrong, t0)).toEqual(refusal('code_wrong', 'code'));
      const [v] = await getDb().select().from(verifications).where(eq(verifications.userId, user.id));
      expect(v!.attempts).toBe(i);
    }
    expect(await confirmContactChange('email', user.id, wrong, t0)).toEqual(refusal('code_exhausted', 'code'));
    expect(await confirmContactChange('email', user.id, code, t0)).toMatchObject({ ok: false, reason: { field: 'code' } });
    expect(await userRow(user.id)).toEqual(user);
    expect(await mailTo(user.email)).toEqual([]);
  });

  it('a code expires after 10 minutes', async () => {
    const user = await newUser();
    const t0 = new Date();
    const code = await requestAndReadCode('email', user.id, `late${uid()}@example.test`, t0);
    expect(await confirmContactChange('email', user.id, code, at(t0, 10 * MIN))).toEqual(refusal('code_expired', 'code'));
    expect(await userRow(user.id)).toEqual(user);
  });

  it('a new request replaces the earlier code, and the new address wins', async () => {
    const user = await newUser();
    const t0 = new Date();
    const first = `first${uid()}@example.test`;
    const second = `second${uid()}@example.test`;
    const code1 = await requestAndReadCode('email', user.id, first, t0);
    const code2 = await requestAndReadCode('email', user.id, second, at(t0, 1000));
    if (code1 !== code2) expect(await confirmContactChange('email', user.id, code1, at(t0, 2000))).toMatchObject({ ok: false });
    expect(await confirmContactChange('email', user.id, code2, at(t0, 3000))).toEqual({ ok: true });
    expect((await userRow(user.id)).email).toBe(second);
  });

  it("another customer's code, or a mobile code, cannot confirm an email change", async () => {
    const alice = await newUser({ mobile: true });
    const mallory = await newUser();
    const t0 = new Date();
    const code = await requestAndReadCode('email', alice.id, `alice${uid()}@example.test`, t0);
    expect(await confirmContactChange('email', mallory.id, code, t0)).toMatchObject({ ok: false, reason: { field: 'code' } });
    expect(await confirmContactChange('mobile', alice.id, code, t0)).toMatchObject({ ok: false, reason: { field: 'code' } });
    expect(await userRow(mallory.id)).toEqual(mallory);
    expect(await userRow(alice.id)).toEqual(alice);
  });

  it("refuses an address another account uses, in any case, and sends nothing", async () => {
    const owner = await newUser();
    const user = await newUser();
    const t0 = new Date();
    for (const taken of [owner.email, owner.email.toUpperCase()]) {
      expect(await requestContactChange('email', user.id, taken, t0)).toEqual(refusal('email_in_use', 'value'));
    }
    expect(await mailTo(owner.email)).toEqual([]);
    expect(await mailTo(owner.email.toUpperCase())).toEqual([]);
    expect(await getDb().select().from(verifications).where(eq(verifications.userId, user.id))).toEqual([]);
  });

  it('refuses the current address', async () => {
    const user = await newUser();
    expect(await requestContactChange('email', user.id, user.email.toUpperCase(), new Date())).toEqual(refusal('already_your_email', 'value'));
  });

  it('if another account takes the address between code and confirmation, the confirmation is refused', async () => {
    const user = await newUser();
    const t0 = new Date();
    const contested = `contested${uid()}@example.test`;
    const code = await requestAndReadCode('email', user.id, contested, t0);
    const rival = await newUser();
    await getDb().update(users).set({ email: contested, emailNormalized: contested }).where(eq(users.id, rival.id));
    expect(await confirmContactChange('email', user.id, code, t0)).toEqual(refusal('email_in_use', 'code'));
    expect((await userRow(user.id)).email).toBe(user.email);
    expect(await mailTo(user.email)).toEqual([]);
  });

  it('limits code requests: the fourth within 15 minutes is refused and sends nothing', async () => {
    const user = await newUser();
    const t0 = new Date();
    for (let i = 0; i < 3; i++) expect(await requestContactChange('email', user.id, `rl${i}${uid()}@example.test`, at(t0, i * 1000))).toEqual({ ok: true });
    const fourth = `rl3${uid()}@example.test`;
    expect(await requestContactChange('email', user.id, fourth, at(t0, 4000))).toEqual(refusal('codes_rate_limited'));
    expect(await mailTo(fourth)).toEqual([]);
  });

  it('"already in use" is no free oracle: past the limit a taken address gets the limit\'s answer, not "in use"', async () => {
    for (const kind of ['email', 'mobile'] as const) {
      const owner = await newUser({ mobile: true });
      const prober = await newUser();
      const taken = kind === 'email' ? owner.email : owner.mobile!;
      const t0 = new Date();
      // Asking about a taken address counts like any other request...
      for (let i = 0; i < 3; i++) expect(await requestContactChange(kind, prober.id, taken, at(t0, i * 1000))).toEqual(refusal(`${kind}_in_use`, 'value'));
      // ...so the fourth ask, about the same address or another taken one, is answered by the limit alone.
      expect(await requestContactChange(kind, prober.id, taken, at(t0, 4000))).toEqual(refusal('codes_rate_limited'));
      const other = await newUser({ mobile: true });
      expect(await requestContactChange(kind, prober.id, kind === 'email' ? other.email : other.mobile!, at(t0, 5000))).toEqual(refusal('codes_rate_limited'));
      // A free address gets the very same answer: nothing tells the two apart.
      const free = kind === 'email' ? `free${uid()}@example.test` : nextMobile();
      expect(await requestContactChange(kind, prober.id, free, at(t0, 6000))).toEqual(refusal('codes_rate_limited'));
      expect(await mailTo(free)).toEqual([]);
      const [row] = await getDb().select().from(throttles).where(eq(throttles.key, `${kind}_change:${prober.id}`));
      expect(row!.lockedUntil!.getTime()).toBeGreaterThan(at(t0, 6000).getTime());
    }
  });

  it('the limit is per kind and per customer: a limited email change leaves mobile changes and other customers alone', async () => {
    const user = await newUser();
    const t0 = new Date();
    for (let i = 0; i < 4; i++) await requestContactChange('email', user.id, `k${i}${uid()}@example.test`, at(t0, i));
    expect(await requestContactChange('email', user.id, `k4${uid()}@example.test`, at(t0, 10))).toEqual(refusal('codes_rate_limited'));
    expect(await requestContactChange('mobile', user.id, nextMobile(), at(t0, 20))).toEqual({ ok: true });
    expect(await requestContactChange('email', (await newUser()).id, `k5${uid()}@example.test`, at(t0, 30))).toEqual({ ok: true });
  });

  it('an unknown account gets a message, not a throw', async () => {
    expect(await requestContactChange('email', '00000000-0000-0000-0000-000000000000', `x${uid()}@example.test`, new Date())).toMatchObject({ ok: false });
  });
});

describe('email change and the other sessions', () => {
  async function withSessions() {
    const user = await newUser();
    const [current, phone, laptop] = await Promise.all(
      ['current', 'phone', 'laptop'].map((ua) => createSession(getDb(), { userId: user.id, method: 'password', ip: ctx.ip, userAgent: ua })),
    );
    return { user, current: current!, others: [phone!, laptop!] };
  }
  const revokedOf = async (ids: string[]) =>
    (await getDb().select({ id: sessions.id, reason: sessions.revokedReason }).from(sessions).where(inArray(sessions.id, ids))).map((r) => r.reason).sort();

  it('by default every other session ends when the new email is confirmed; this one stays, and the old address is told', async () => {
    const { user, current, others } = await withSessions();
    const t0 = new Date();
    const code = await requestAndReadCode('email', user.id, `so${uid()}@example.test`, t0);
    // The request alone changes nothing.
    expect(await revokedOf(others.map((o) => o.id))).toEqual([null, null]);
    expect(await confirmContactChange('email', user.id, code, at(t0, MIN), { keepSessionId: current.id, signOutOthers: true })).toEqual({ ok: true });
    expect(await revokedOf(others.map((o) => o.id))).toEqual(['email_changed', 'email_changed']);
    expect(await revokedOf([current.id])).toEqual([null]);
    const [notice] = await mailTo(user.email);
    expect(notice!.text).toContain('Your other devices were signed out.');
  });

  it('unticked, the other sessions are kept', async () => {
    const { user, current, others } = await withSessions();
    const t0 = new Date();
    const code = await requestAndReadCode('email', user.id, `keep${uid()}@example.test`, t0);
    expect(await confirmContactChange('email', user.id, code, t0, { keepSessionId: current.id, signOutOthers: false })).toEqual({ ok: true });
    expect(await revokedOf([current.id, ...others.map((o) => o.id)])).toEqual([null, null, null]);
    const [notice] = await mailTo(user.email);
    expect(notice!.text).not.toContain('signed out');
  });

  it('a wrong code signs nobody out; a mobile change never does', async () => {
    const { user, current, others } = await withSessions();
    const t0 = new Date();
    const code = await requestAndReadCode('email', user.id, `wc${uid()}@example.test`, t0);
    expect(await confirmContactChange('email', user.id, wrongCodeFor(code), t0, { keepSessionId: current.id, signOutOthers: true })).toEqual(refusal('code_wrong', 'code'));
    const mobileCode = await requestAndReadCode('mobile', user.id, nextMobile(), t0);
    expect(await confirmContactChange('mobile', user.id, mobileCode, t0, { keepSessionId: current.id, signOutOthers: true })).toEqual({ ok: true });
    expect(await revokedOf([current.id, ...others.map((o) => o.id)])).toEqual([null, null, null]);
  });
});

describe('mobile change', () => {
  it('texts a code to the new number (E.164) through the outbox, and switches only on confirmation', async () => {
    const user = await newUser({ pin: true });
    const t0 = new Date();
    const newMobile = nextMobile();
    const r = await requestContactChange('mobile', user.id, newMobile, t0);
    expect(r).toEqual({ ok: true });
    const [sms] = await mailTo(newMobile);
    expect(sms).toMatchObject({ channel: 'sms', recipient: newMobile, subject: null, userId: user.id });
    expect(sms!.recipient).toMatch(/^\+447700900\d{3}$/);
    const code = codeIn(sms!.text)!;
    expect(code).toBeDefined();
    expect(await userRow(user.id)).toEqual(user);

    expect(await confirmContactChange('mobile', user.id, wrongCodeFor(code), t0)).toMatchObject({ ok: false, reason: { field: 'code' } });
    expect(await userRow(user.id)).toEqual(user);

    const t1 = at(t0, MIN);
    expect(await confirmContactChange('mobile', user.id, code, t1)).toEqual({ ok: true });
    const after = await userRow(user.id);
    expect(after).toMatchObject({ mobile: newMobile, mobileVerifiedAt: t1, pinHash: user.pinHash, email: user.email });
    const [notice] = await mailTo(user.email);
    expect(notice).toMatchObject({ channel: 'email', subject: 'Your mobile number was changed' });
    expect(notice!.text).not.toContain(newMobile);
    expect((await historyOf(user.id)).map(({ field, kind }) => ({ field, kind }))).toEqual([{ field: 'mobile', kind: 'changed' }]);
  });

  it('adding a first number records it as set', async () => {
    const user = await newUser();
    const t0 = new Date();
    const mobile = nextMobile();
    const code = await requestAndReadCode('mobile', user.id, mobile, t0);
    expect(await confirmContactChange('mobile', user.id, code, t0)).toEqual({ ok: true });
    expect((await userRow(user.id)).mobile).toBe(mobile);
    expect((await historyOf(user.id)).map(({ field, kind }) => ({ field, kind }))).toEqual([{ field: 'mobile', kind: 'set' }]);
  });

  it("refuses another account's number, and the current one", async () => {
    const owner = await newUser({ mobile: true });
    const user = await newUser({ mobile: true });
    expect(await requestContactChange('mobile', user.id, owner.mobile!, new Date())).toEqual(refusal('mobile_in_use', 'value'));
    expect(await requestContactChange('mobile', user.id, user.mobile!, new Date())).toEqual(refusal('already_your_mobile', 'value'));
    expect(await mailTo(owner.mobile!)).toEqual([]);
  });
});

describe('removeMobile', () => {
  it('clears the number, its verification and the PIN, records both in history and emails the customer', async () => {
    const user = await newUser({ pin: true });
    const t0 = new Date();
    await removeMobile(user.id, t0);
    const raw = (await getDb().execute(sql`select mobile, mobile_verified_at, pin_hash, password_hash from users where id = ${user.id}`))[0] as Record<string, unknown>;
    expect(raw).toEqual({ mobile: null, mobile_verified_at: null, pin_hash: null, password_hash: user.passwordHash });
    const history = await historyOf(user.id);
    expect(history.map(({ field, kind, actor }) => ({ field, kind, actor })).sort((a, b) => a.field.localeCompare(b.field))).toEqual([
      { field: 'mobile', kind: 'removed', actor: 'customer' },
      { field: 'pin', kind: 'removed', actor: 'customer' },
    ]);
    expect(JSON.stringify(history)).not.toContain(user.mobile!);
    const [notice] = await mailTo(user.email);
    expect(notice).toMatchObject({ subject: 'Your mobile number was removed' });
    // The number is free again, for this customer or another.
    const other = await newUser();
    expect(await requestContactChange('mobile', other.id, user.mobile!, t0)).toEqual({ ok: true });
  });

  it('without a PIN records only the mobile; with no mobile it does nothing', async () => {
    const user = await newUser({ mobile: true });
    await removeMobile(user.id);
    expect((await historyOf(user.id)).map((h) => h.field)).toEqual(['mobile']);
    const mails = (await mailTo(user.email)).length;
    await removeMobile(user.id);
    expect(await historyOf(user.id)).toHaveLength(1);
    expect(await mailTo(user.email)).toHaveLength(mails);
  });
});

describe('reauthenticate', () => {
  async function withSession(opts: Parameters<typeof newUser>[0] = {}) {
    const user = await newUser(opts);
    const session = await createSession(getDb(), { userId: user.id, method: 'password', ip: ctx.ip, userAgent: 'vitest' });
    return { user, session };
  }
  const sessionRow = async (id: string) => (await getDb().select().from(sessions).where(eq(sessions.id, id)))[0]!;

  it('the right password opens a 5-minute window', async () => {
    const { user, session } = await withSession();
    expect(isRecentlyReauthenticated(session)).toBe(false);
    const t0 = new Date();
    expect(await reauthenticate(session.id, user.id, 'password', PASSWORD, ctx, t0)).toEqual({ ok: true });
    const row = await sessionRow(session.id);
    expect(row).toMatchObject({ reauthenticatedAt: t0, reauthMethod: 'password' });
    expect(REAUTH_WINDOW_MS).toBe(5 * MIN);
    expect(isRecentlyReauthenticated(row, t0)).toBe(true);
    expect(isRecentlyReauthenticated(row, at(t0, 4 * MIN + 59_999))).toBe(true);
    expect(isRecentlyReauthenticated(row, at(t0, 5 * MIN + 1000))).toBe(false);
    expect(isRecentlyReauthenticated(row, at(t0, 60 * MIN))).toBe(false);
  });

  it('a wrong password does not open it, and counts against the sign-in throttle', async () => {
    const { user, session } = await withSession();
    const t0 = new Date();
    expect(await reauthenticate(session.id, user.id, 'password', 'wrong password entirely', ctx, t0)).toEqual({ ok: false, reason: 'invalid' });
    expect((await sessionRow(session.id)).reauthenticatedAt).toBeNull();
    const [t] = await getDb().select().from(throttles).where(eq(throttles.key, throttleKeys.password(user.username)));
    expect(t!.failures).toBe(1);
  });

  it('a wrong password after a right one leaves the earlier window as it was', async () => {
    const { user, session } = await withSession();
    const t0 = new Date();
    await reauthenticate(session.id, user.id, 'password', PASSWORD, ctx, t0);
    await reauthenticate(session.id, user.id, 'password', 'nope nope nope', ctx, at(t0, 4 * MIN));
    const row = await sessionRow(session.id);
    expect(row.reauthenticatedAt).toEqual(t0);
    expect(isRecentlyReauthenticated(row, at(t0, 5 * MIN + 1000))).toBe(false);
  });

  it('the PIN works for customers who have one; staff cannot use a PIN', async () => {
    const { user, session } = await withSession({ pin: true });
    expect(await reauthenticate(session.id, user.id, 'pin', '000000', ctx)).toEqual({ ok: false, reason: 'invalid' });
    expect(await reauthenticate(session.id, user.id, 'pin', PIN, ctx)).toEqual({ ok: true });
    const noPin = await withSession();
    expect(await reauthenticate(noPin.session.id, noPin.user.id, 'pin', PIN, ctx)).toEqual({ ok: false, reason: 'invalid' });
    expect((await sessionRow(noPin.session.id)).reauthenticatedAt).toBeNull();
  });

  it('a PIN re-authentication opens the standard window only: email and mobile changes and staff powers need the password', async () => {
    const { user, session } = await withSession({ pin: true });
    const t0 = new Date();
    expect(await reauthenticate(session.id, user.id, 'pin', PIN, ctx, t0)).toEqual({ ok: true });
    const afterPin = await sessionRow(session.id);
    expect(afterPin).toMatchObject({ reauthenticatedAt: t0, reauthMethod: 'pin' });
    expect(isRecentlyReauthenticated(afterPin, t0, STEP_UP.standard)).toBe(true);
    expect(isRecentlyReauthenticated(afterPin, t0, STEP_UP.contactChange)).toBe(false);
    expect(isRecentlyReauthenticated(afterPin, t0, STEP_UP.staffPower)).toBe(false);

    const t1 = at(t0, MIN);
    expect(await reauthenticate(session.id, user.id, 'password', PASSWORD, ctx, t1)).toEqual({ ok: true });
    const afterPassword = await sessionRow(session.id);
    expect(afterPassword).toMatchObject({ reauthenticatedAt: t1, reauthMethod: 'password' });
    expect(isRecentlyReauthenticated(afterPassword, t1, STEP_UP.contactChange)).toBe(true);
    expect(isRecentlyReauthenticated(afterPassword, at(t1, 5 * MIN), STEP_UP.contactChange)).toBe(false);
    // A later PIN re-authentication replaces it: the password window does not linger behind it.
    expect(await reauthenticate(session.id, user.id, 'pin', PIN, ctx, at(t1, MIN))).toEqual({ ok: true });
    expect(isRecentlyReauthenticated(await sessionRow(session.id), at(t1, MIN), STEP_UP.contactChange)).toBe(false);
  });

  it('only opens the window on the given session', async () => {
    const { user, session } = await withSession();
    const other = await createSession(getDb(), { userId: user.id, method: 'password', ip: ctx.ip, userAgent: 'vitest' });
    await reauthenticate(session.id, user.id, 'password', PASSWORD, ctx);
    expect((await sessionRow(other.id)).reauthenticatedAt).toBeNull();
  });

  it('locks after repeated wrong passwords, and then even the right one is refused', async () => {
    const { user, session } = await withSession();
    const t0 = new Date();
    let outcome;
    for (let i = 0; i < 15; i++) {
      outcome = await reauthenticate(session.id, user.id, 'password', `wrong ${i} password`, ctx, t0);
      if (!outcome.ok && outcome.reason === 'locked') break;
    }
    expect(outcome).toMatchObject({ ok: false, reason: 'locked' });
    expect(await reauthenticate(session.id, user.id, 'password', PASSWORD, ctx, t0)).toMatchObject({ ok: false, reason: 'locked' });
    expect((await sessionRow(session.id)).reauthenticatedAt).toBeNull();
  });
});
