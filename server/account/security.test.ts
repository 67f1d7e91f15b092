import { randomInt } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { loginEvents, outbox, profileChanges, sessions, users } from '@/db/schema';
import { createAccount } from '@/test/vitest/use-cases/accounts';
import { verifyPasswordSignIn, verifyPinSignIn } from '../auth/credentials';
import { verifySecret } from '../auth/hash';
import { completeReset } from '@/test/vitest/use-cases/recovery';
import { createSession, loadSession } from '../auth/sessions';
import { changeSecret, endOtherSessions, endSession, listSessions, loginHistory, noticeNewDevice, reportNotMe } from '@/test/vitest/use-cases/security';
import { uid } from '@/test/kit/ids';

const MIN = 60_000;
const DAY = 86_400_000;
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);
const uniqueMobile = () => `+44791${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
/** A network of its own per call, so per-IP throttles never couple tests. */
const ctx = (userAgent: string | null = 'vitest') => ({ ip: `10.${randomInt(0, 256)}.${randomInt(0, 256)}.${randomInt(1, 255)}`, userAgent, requestId: null });

const CHROME_WIN = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.130 Safari/537.36';
const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0';
const SAFARI_IOS = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1';

async function newUser(opts: { role?: 'customer' | 'staff' | 'admin'; withMobile?: boolean; withPin?: boolean } = {}) {
  const id = uid();
  const username = `sec${id}`;
  const email = `${username}@example.test`;
  const password = `amber falcon ${id.slice(-6)} meadow`;
  const role = opts.role ?? 'customer';
  const mobile = opts.withMobile === false ? undefined : uniqueMobile();
  const pin = role === 'customer' && mobile && opts.withPin !== false ? '583920' : undefined;
  const created = await createAccount({ username, email, password, mobile, pin, role, verified: true });
  if (!created.ok) throw new Error(JSON.stringify(created.fieldErrors));
  await getDb().delete(outbox).where(eq(outbox.userId, created.userId)); // the sign-up confirmation
  return { userId: created.userId, username, email, password, mobile, pin, role };
}

const session = (userId: string, now: Date, userAgent: string | null = CHROME_WIN) => createSession(getDb(), { userId, method: 'password', ip: '192.0.2.7', userAgent }, now);
const sessionRow = async (id: string) => (await getDb().select().from(sessions).where(eq(sessions.id, id)))[0]!;
const userRow = async (id: string) => (await getDb().select().from(users).where(eq(users.id, id)))[0]!;
const mailTo = (userId: string) => getDb().select().from(outbox).where(eq(outbox.userId, userId)).orderBy(outbox.id);
const changesOf = (userId: string) => getDb().select().from(profileChanges).where(eq(profileChanges.userId, userId)).orderBy(profileChanges.id);

describe('listSessions', () => {
  it('lists only live sessions, the current one first, with the device parsed from the user agent', async () => {
    const u = await newUser();
    const now = new Date();
    const current = await session(u.userId, at(now, -20 * MIN), FIREFOX_LINUX);
    const other = await session(u.userId, at(now, -2 * MIN), SAFARI_IOS);
    const revoked = await session(u.userId, at(now, -MIN));
    await endSession(getDb(), u.userId, revoked.id, now);
    const idle = await session(u.userId, at(now, -31 * MIN)); // customers time out after 30 idle minutes
    const absolute = await session(u.userId, at(now, -13 * 3_600_000)); // 12 hours at most
    await getDb().update(sessions).set({ lastSeenAt: at(now, -MIN) }).where(eq(sessions.id, absolute.id));
    const someoneElse = await newUser();
    await session(someoneElse.userId, now);

    const list = await listSessions(u.userId, 'customer', current.id, now);
    expect(list.map((s) => s.id)).toEqual([current.id, other.id]);
    expect(list[0]).toMatchObject({ current: true, device: 'Firefox 121 on Linux', ip: '192.0.2.7', method: 'password' });
    expect(list[1]).toMatchObject({ current: false, device: 'Safari 17 on iOS 17' });
    for (const gone of [revoked, idle, absolute]) expect(list.map((s) => s.id)).not.toContain(gone.id);
  });

  it('applies the staff idle timeout (15 minutes) to staff sessions', async () => {
    const u = await newUser({ role: 'staff' });
    const now = new Date();
    const current = await session(u.userId, now);
    const idle16 = await session(u.userId, at(now, -16 * MIN));
    expect((await listSessions(u.userId, 'staff', current.id, now)).map((s) => s.id)).toEqual([current.id]);
    expect((await listSessions(u.userId, 'customer', current.id, now)).map((s) => s.id)).toContain(idle16.id);
  });
});

describe('endSession / endOtherSessions', () => {
  it("another user's session id matches nothing and changes nothing", async () => {
    const owner = await newUser();
    const intruder = await newUser();
    const now = new Date();
    const victim = await session(owner.userId, now);
    const before = await sessionRow(victim.id);
    expect(await endSession(getDb(), intruder.userId, victim.id, now)).toBe(false);
    expect(await sessionRow(victim.id)).toEqual(before);
    expect((await loadSession(victim.id, { touch: false, now })).state).toBe('active');
  });

  it('ends one own session; ending it again reports false', async () => {
    const u = await newUser();
    const now = new Date();
    const keep = await session(u.userId, now);
    const end = await session(u.userId, now);
    expect(await endSession(getDb(), u.userId, end.id, now)).toBe(true);
    expect(await sessionRow(end.id)).toMatchObject({ revokedReason: 'ended_by_user' });
    expect(await endSession(getDb(), u.userId, end.id, now)).toBe(false);
    expect((await sessionRow(keep.id)).revokedAt).toBeNull();
    expect((await loadSession(end.id, { touch: false, now })).state).toBe('revoked');
  });

  it('endOtherSessions keeps the current one and leaves other users alone', async () => {
    const u = await newUser();
    const other = await newUser();
    const now = new Date();
    const keep = await session(u.userId, now);
    const a = await session(u.userId, now, SAFARI_IOS);
    const b = await session(u.userId, now, FIREFOX_LINUX);
    const theirs = await session(other.userId, now);
    await endOtherSessions(getDb(), u.userId, keep.id, now);
    expect((await sessionRow(keep.id)).revokedAt).toBeNull();
    for (const s of [a, b]) expect(await sessionRow(s.id)).toMatchObject({ revokedAt: now, revokedReason: 'signed_out_others' });
    expect((await sessionRow(theirs.id)).revokedAt).toBeNull();
    expect((await listSessions(u.userId, 'customer', keep.id, now)).map((s) => s.id)).toEqual([keep.id]);
  });
});

describe('loginHistory', () => {
  const event = (userId: string | null, createdAt: Date, extra: Partial<typeof loginEvents.$inferInsert> = {}) =>
    ({ userId, success: true, method: 'password', reason: 'ok', ip: '198.51.100.4', userAgent: CHROME_WIN, createdAt, ...extra }) as const;

  it("shows only the user's own events of the last 90 days, newest first", async () => {
    const u = await newUser();
    const other = await newUser();
    const now = new Date('2031-06-01T12:00:00Z');
    const [old, inWindow, failure] = await getDb()
      .insert(loginEvents)
      .values([
        event(u.userId, at(now, -91 * DAY)),
        event(u.userId, at(now, -89 * DAY)),
        event(u.userId, at(now, -MIN), { success: false, reason: 'bad_credentials', method: 'pin', userAgent: SAFARI_IOS }),
        event(other.userId, at(now, -MIN)),
        event(null, at(now, -MIN)),
      ])
      .returning({ id: loginEvents.id });
    const page = await loginHistory(u.userId, {}, now);
    expect(page.events.map((e) => e.id)).toEqual([failure!.id, inWindow!.id]);
    expect(page.events.map((e) => e.id)).not.toContain(old!.id);
    expect(page.nextBefore).toBeNull();
    expect(page.events[0]).toMatchObject({ success: false, reason: 'bad_credentials', method: 'pin', device: 'Safari 17 on iOS 17', ip: '198.51.100.4', at: at(now, -MIN).toISOString() });
    // The same rows, seen 2 days later: the 89-day-old one has aged out.
    expect((await loginHistory(u.userId, {}, at(now, 2 * DAY))).events.map((e) => e.id)).toEqual([failure!.id]);
  });

  it('pages 45 events with limit 20 by keyset: no duplicates, no gaps, then the end', async () => {
    const u = await newUser();
    const other = await newUser();
    const now = new Date();
    // Another user's events interleaved, so the ids of ours are not contiguous.
    const rows = Array.from({ length: 45 }, (_, i) => [event(u.userId, at(now, -(45 - i) * MIN)), event(other.userId, now)]).flat();
    const inserted = await getDb().insert(loginEvents).values(rows).returning({ id: loginEvents.id, userId: loginEvents.userId });
    const expected = inserted.filter((r) => r.userId === u.userId).map((r) => r.id).sort((a, b) => b - a);
    expect(expected).toHaveLength(45);

    const seen: number[] = [];
    const sizes: number[] = [];
    let before: number | undefined;
    for (let guard = 0; guard < 10; guard++) {
      const page = await loginHistory(u.userId, { before, limit: 20 }, now);
      sizes.push(page.events.length);
      seen.push(...page.events.map((e) => e.id));
      if (page.nextBefore === null) break;
      expect(page.nextBefore).toBe(page.events.at(-1)!.id);
      before = page.nextBefore;
    }
    expect(sizes).toEqual([20, 20, 5]);
    expect(seen).toEqual(expected);
    expect(new Set(seen).size).toBe(45);
  });

  it('an exact multiple of the limit ends without an empty extra page', async () => {
    const u = await newUser();
    const now = new Date();
    await getDb()
      .insert(loginEvents)
      .values(Array.from({ length: 20 }, (_, i) => event(u.userId, at(now, -i * MIN))));
    const page = await loginHistory(u.userId, { limit: 20 }, now);
    expect(page.events).toHaveLength(20);
    expect(page.nextBefore).toBeNull();
  });
});

describe('reportNotMe', () => {
  it('revokes every session, kills the password, removes the PIN and emails a working reset link', async () => {
    const u = await newUser();
    const now = new Date();
    const s1 = await session(u.userId, now);
    const s2 = await session(u.userId, now, SAFARI_IOS);
    const bystander = await newUser();
    const theirs = await session(bystander.userId, now);

    await reportNotMe(getDb(), u.userId, now);

    for (const s of [s1, s2]) {
      expect(await sessionRow(s.id)).toMatchObject({ revokedAt: now, revokedReason: 'reported_not_me' });
      expect((await loadSession(s.id, { touch: false, now })).state).toBe('revoked');
    }
    expect((await sessionRow(theirs.id)).revokedAt).toBeNull();
    const row = await userRow(u.userId);
    expect(row.pinHash).toBeNull();
    expect(await verifySecret(row.passwordHash, u.password)).toBe(false);
    expect(await verifyPasswordSignIn(u.username, u.password, ctx(), now)).toEqual({ ok: false, reason: 'invalid' });
    expect(await verifyPasswordSignIn(u.email, u.password, ctx(), now)).toEqual({ ok: false, reason: 'invalid' });
    expect(await verifyPinSignIn(u.mobile!, u.pin!, ctx(), now)).toEqual({ ok: false, reason: 'invalid' });
    expect((await changesOf(u.userId)).map((c) => [c.field, c.kind])).toEqual(expect.arrayContaining([['password', 'removed'], ['pin', 'removed']]));

    const mails = await mailTo(u.userId);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ recipient: u.email, subject: 'We secured your account' });
    const token = /\/reset-password\?token=([\w-]+)/.exec(mails[0]!.text)?.[1];
    expect(token).toBeTruthy();

    const fresh = `copper lantern ${uid()} orchard`;
    expect(await completeReset('password', token!, fresh, at(now, MIN))).toEqual({ ok: true });
    expect(await verifyPasswordSignIn(u.username, fresh, ctx(), at(now, 2 * MIN))).toMatchObject({ ok: true, userId: u.userId });
    expect(await verifyPasswordSignIn(u.username, u.password, ctx(), at(now, 2 * MIN))).toEqual({ ok: false, reason: 'invalid' });
    // The link works once.
    expect(await completeReset('password', token!, `second ${fresh}`, at(now, 3 * MIN))).toEqual({ ok: false, reason: 'invalid_link' });
  });

  it('for an account without a PIN records no PIN removal', async () => {
    const u = await newUser({ withMobile: false });
    await reportNotMe(getDb(), u.userId);
    expect((await changesOf(u.userId)).map((c) => c.field)).toEqual(['password']);
  });
});

describe('changeSecret: password', () => {
  it('a wrong current password is refused and nothing changes', async () => {
    const u = await newUser();
    const now = new Date();
    const keep = await session(u.userId, now);
    const other = await session(u.userId, now, SAFARI_IOS);
    const before = await userRow(u.userId);
    const result = await changeSecret(u.userId, keep.id, 'not my password at all', { password: `brand new ${uid()} words` }, ctx(), now);
    expect(result).toEqual({ ok: false, field: 'currentPassword', message: 'Your current password is not right.' });
    expect((await userRow(u.userId)).passwordHash).toBe(before.passwordHash);
    expect((await sessionRow(other.id)).revokedAt).toBeNull();
    expect(await mailTo(u.userId)).toHaveLength(0);
    expect(await changesOf(u.userId)).toHaveLength(0);
  });

  it('refuses common passwords and ones containing the username or email, before anything changes', async () => {
    const u = await newUser();
    const now = new Date();
    const keep = await session(u.userId, now);
    const other = await session(u.userId, now);
    const before = await userRow(u.userId);
    for (const [password, message] of [
      ['password123456', /too common/],
      ['iloveyou2024!!', /too common/],
      [`my ${u.username} is great`, /must not contain your username or email/],
      [`${u.username.toUpperCase()}-secret-words`, /must not contain your username or email/],
    ] as const) {
      const result = await changeSecret(u.userId, keep.id, u.password, { password }, ctx(), now);
      expect(result, password).toMatchObject({ ok: false, field: 'password', message: expect.stringMatching(message) });
    }
    expect((await userRow(u.userId)).passwordHash).toBe(before.passwordHash);
    expect((await sessionRow(other.id)).revokedAt).toBeNull();
    expect(await mailTo(u.userId)).toHaveLength(0);
  });

  it('succeeds: the new password verifies, other sessions end but the kept one stays, and an email goes out', async () => {
    const u = await newUser();
    const now = new Date();
    const keep = await session(u.userId, now);
    const a = await session(u.userId, now, SAFARI_IOS);
    const b = await session(u.userId, now, FIREFOX_LINUX);
    const fresh = `violet harbour ${uid()} kettle`;
    expect(await changeSecret(u.userId, keep.id, u.password, { password: fresh }, ctx(), now)).toEqual({ ok: true });

    expect((await sessionRow(keep.id)).revokedAt).toBeNull();
    for (const s of [a, b]) expect(await sessionRow(s.id)).toMatchObject({ revokedAt: now, revokedReason: 'password_changed' });
    expect(await verifyPasswordSignIn(u.username, fresh, ctx(), now)).toMatchObject({ ok: true });
    expect(await verifyPasswordSignIn(u.username, u.password, ctx(), now)).toEqual({ ok: false, reason: 'invalid' });
    const mails = await mailTo(u.userId);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ recipient: u.email, subject: 'Your password was changed' });
    expect(mails[0]!.text).toContain('your other devices were signed out');
    expect(mails[0]!.text).not.toContain(fresh);
    expect((await changesOf(u.userId)).map((c) => [c.field, c.kind])).toEqual([['password', 'changed']]);
  });

  it('with "Sign out of other devices" unticked, the other sessions stay and the email says so', async () => {
    const u = await newUser();
    const now = new Date();
    const keep = await session(u.userId, now);
    const a = await session(u.userId, now, SAFARI_IOS);
    const fresh = `amber lantern ${uid()} field`;
    expect(await changeSecret(u.userId, keep.id, u.password, { password: fresh, signOutOthers: false }, ctx(), now)).toEqual({ ok: true });
    for (const s of [keep, a]) expect((await sessionRow(s.id)).revokedAt).toBeNull();
    expect(await verifyPasswordSignIn(u.username, fresh, ctx(), now)).toMatchObject({ ok: true });
    const [mail] = await mailTo(u.userId);
    expect(mail!.text).toContain('Your other devices stay signed in');
    expect(mail!.text).not.toContain('signed out.');
    // Ticked (or not said) signs them out, as before.
    expect(await changeSecret(u.userId, keep.id, fresh, { password: `second ${uid()} meadow`, signOutOthers: true }, ctx(), at(now, MIN))).toEqual({ ok: true });
    expect(await sessionRow(a.id)).toMatchObject({ revokedReason: 'password_changed' });
    expect((await sessionRow(keep.id)).revokedAt).toBeNull();
  });

  it('is throttled: after 10 wrong current passwords even the right one is refused', async () => {
    const u = await newUser();
    const now = new Date();
    const keep = await session(u.userId, now);
    for (let i = 0; i < 10; i++) {
      expect(await changeSecret(u.userId, keep.id, `wrong guess ${i}`, { password: `brand new ${uid()} words` }, ctx(), at(now, i * 1000))).toMatchObject({ ok: false, field: 'currentPassword' });
    }
    const locked = await changeSecret(u.userId, keep.id, u.password, { password: `brand new ${uid()} words` }, ctx(), at(now, 11_000));
    expect(locked).toEqual({ ok: false, field: 'currentPassword', message: 'Too many attempts. Try again later.' });
    expect(await verifySecret((await userRow(u.userId)).passwordHash, u.password)).toBe(true);
  });
});

describe('changeSecret: PIN', () => {
  it('sets, changes and removes a PIN; each ends other sessions and sends an email', async () => {
    const u = await newUser({ withPin: false });
    const now = new Date();
    const keep = await session(u.userId, now);
    expect((await userRow(u.userId)).pinHash).toBeNull();

    // Set
    let other = await session(u.userId, now);
    expect(await changeSecret(u.userId, keep.id, u.password, { pin: '850371' }, ctx(), now)).toEqual({ ok: true });
    expect(await verifyPinSignIn(u.mobile!, '850371', ctx(), now)).toMatchObject({ ok: true, userId: u.userId });
    expect(await sessionRow(other.id)).toMatchObject({ revokedReason: 'pin_changed' });

    // Change
    other = await session(u.userId, at(now, MIN));
    expect(await changeSecret(u.userId, keep.id, u.password, { pin: '294817' }, ctx(), at(now, MIN))).toEqual({ ok: true });
    expect(await verifyPinSignIn(u.mobile!, '294817', ctx(), at(now, MIN))).toMatchObject({ ok: true });
    expect(await verifyPinSignIn(u.mobile!, '850371', ctx(), at(now, MIN))).toEqual({ ok: false, reason: 'invalid' });
    expect(await sessionRow(other.id)).toMatchObject({ revokedReason: 'pin_changed' });

    // Wrong current password: the PIN stays
    expect(await changeSecret(u.userId, keep.id, 'not the password', { pin: null }, ctx(), at(now, 2 * MIN))).toMatchObject({ ok: false, field: 'currentPassword' });
    expect((await userRow(u.userId)).pinHash).not.toBeNull();

    // Remove
    other = await session(u.userId, at(now, 3 * MIN));
    expect(await changeSecret(u.userId, keep.id, u.password, { pin: null }, ctx(), at(now, 3 * MIN))).toEqual({ ok: true });
    expect((await userRow(u.userId)).pinHash).toBeNull();
    expect(await verifyPinSignIn(u.mobile!, '294817', ctx(), at(now, 3 * MIN))).toEqual({ ok: false, reason: 'invalid' });
    expect(await sessionRow(other.id)).toMatchObject({ revokedReason: 'pin_changed' });

    expect((await sessionRow(keep.id)).revokedAt).toBeNull();
    expect((await changesOf(u.userId)).map((c) => [c.field, c.kind])).toEqual([
      ['pin', 'set'],
      ['pin', 'changed'],
      ['pin', 'removed'],
    ]);
    expect((await mailTo(u.userId)).map((m) => m.subject)).toEqual(['Your PIN was changed', 'Your PIN was changed', 'Sign-in with a PIN was turned off']);
  });

  it('staff and admins cannot set a PIN', async () => {
    for (const role of ['staff', 'admin'] as const) {
      const u = await newUser({ role });
      const keep = await session(u.userId, new Date());
      const result = await changeSecret(u.userId, keep.id, u.password, { pin: '850371' }, ctx());
      expect(result).toEqual({ ok: false, field: 'pin', message: 'Staff accounts cannot use a PIN.' });
      expect((await userRow(u.userId)).pinHash).toBeNull();
      expect(await mailTo(u.userId)).toHaveLength(0);
    }
  });

  it('a user without a mobile cannot set a PIN', async () => {
    const u = await newUser({ withMobile: false });
    const keep = await session(u.userId, new Date());
    const other = await session(u.userId, new Date());
    const result = await changeSecret(u.userId, keep.id, u.password, { pin: '850371' }, ctx());
    expect(result).toMatchObject({ ok: false, field: 'pin', message: expect.stringMatching(/Add a mobile number first/) });
    expect((await userRow(u.userId)).pinHash).toBeNull();
    expect((await sessionRow(other.id)).revokedAt).toBeNull();
    expect(await mailTo(u.userId)).toHaveLength(0);
  });
});

describe('noticeNewDevice', () => {
  /** What a sign-in does (server/auth/next-auth.ts): verify (which records the attempt), start a session, then the notice. */
  async function signIn(u: { userId: string; username: string; password: string }, userAgent: string, now: Date) {
    const c = ctx(userAgent);
    expect(await verifyPasswordSignIn(u.username, u.password, c, now)).toMatchObject({ ok: true });
    const s = await session(u.userId, now, userAgent);
    return { session: s, ctx: c, mailed: await noticeNewDevice(u.userId, s.id, c, now) };
  }

  it('no mail for the first ever sign-in, none for the same user agent, one for a new one', async () => {
    const u = await newUser();
    const now = new Date();
    expect((await signIn(u, CHROME_WIN, now)).mailed).toBe(false);
    expect((await signIn(u, CHROME_WIN, at(now, MIN))).mailed).toBe(false);
    expect(await mailTo(u.userId)).toHaveLength(0);

    const fresh = await signIn(u, FIREFOX_LINUX, at(now, 2 * MIN));
    expect(fresh.mailed).toBe(true);
    const mails = await mailTo(u.userId);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ recipient: u.email, subject: 'New sign-in to your account' });
    expect(mails[0]!.text).toContain('Firefox 121 on Linux');
    expect(mails[0]!.text).toContain(fresh.ctx.ip);

    // A browser that signed in before, even in a session that has since ended, is not new.
    await endOtherSessions(getDb(), u.userId, fresh.session.id, at(now, 3 * MIN));
    expect((await signIn(u, CHROME_WIN, at(now, 4 * MIN))).mailed).toBe(false);
    expect(await mailTo(u.userId)).toHaveLength(1);
  });

  it('a failed attempt from a browser does not make it known', async () => {
    const u = await newUser();
    const now = new Date();
    await signIn(u, CHROME_WIN, now);
    expect(await verifyPasswordSignIn(u.username, 'wrong password here', ctx(SAFARI_IOS), at(now, MIN))).toMatchObject({ ok: false });
    expect((await signIn(u, SAFARI_IOS, at(now, 2 * MIN))).mailed).toBe(true);
  });

  it('still tells a new browser from a known one after the retention sweep deleted the old sessions', async () => {
    const u = await newUser();
    const longAgo = at(new Date(), -10 * DAY);
    await signIn(u, CHROME_WIN, longAgo);
    await signIn(u, CHROME_WIN, at(longAgo, DAY));
    // Ended sessions go a day after their absolute expiry (server/jobs/sweeps.ts sweepSessions).
    await getDb().delete(sessions).where(eq(sessions.userId, u.userId));

    const now = new Date();
    expect((await signIn(u, FIREFOX_LINUX, now)).mailed).toBe(true);
    await getDb().delete(sessions).where(eq(sessions.userId, u.userId));
    expect((await signIn(u, CHROME_WIN, at(now, MIN))).mailed).toBe(false);
    expect((await mailTo(u.userId)).map((m) => m.subject)).toEqual(['New sign-in to your account']);
  });

  it("another user's sessions and sign-ins do not count as this user's devices", async () => {
    const u = await newUser();
    const other = await newUser();
    const now = new Date();
    await signIn(other, SAFARI_IOS, now);
    await signIn(u, CHROME_WIN, now);
    expect((await signIn(u, SAFARI_IOS, at(now, MIN))).mailed).toBe(true);
    expect(await mailTo(other.userId)).toHaveLength(0);
  });
});
