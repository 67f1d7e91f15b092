import { randomInt } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { outbox, users } from '@/db/schema';
import { confirmContactChange, requestContactChange } from '@/test/vitest/use-cases/contact';
import { changeSecret, reportNotMe } from '@/test/vitest/use-cases/security';
import { createAccount } from '@/test/vitest/use-cases/accounts';
import { completeReset, requestReset, resetLinkIsValid, type ResetKind } from '@/test/vitest/use-cases/recovery';
import { createSession, revokeAllSessions } from './sessions';
import { uid } from '@/test/kit/ids';

/*
 * Issue 16.2: a password or PIN reset link is bound to what it was issued for
 * (the account still active, still at the address it was mailed to), and every
 * outstanding link dies when the password, PIN or email changes, on "sign out
 * everywhere", on "this wasn't me" and when another link is used. (A staff
 * correction of the email: server/reports/staff.test.ts; deletion:
 * server/privacy/deletion.test.ts.)
 */

const MIN = 60_000;
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);
const uniqueMobile = () => `+44792${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
const ctx = () => ({ ip: `10.${randomInt(0, 256)}.${randomInt(0, 256)}.${randomInt(1, 255)}`, userAgent: 'vitest', requestId: null });
const NEW_PASSWORD = 'bright orchard kettle 19';

async function newUser() {
  const id = uid();
  const username = `lnk${id}`;
  const email = `${username}@example.test`;
  const password = `silver meadow ${id.slice(-6)} harbour`;
  const created = await createAccount({ username, email, password, mobile: uniqueMobile(), pin: '583920', verified: true });
  if (!created.ok) throw new Error(JSON.stringify(created.fieldErrors));
  return { userId: created.userId, username, email, password };
}

const lastMessageTo = async (recipient: string) => (await getDb().select().from(outbox).where(eq(outbox.recipient, recipient)).orderBy(desc(outbox.id)).limit(1))[0]!;

/** Asks for one link of each kind and returns their tokens. */
async function links(user: { username: string; email: string }, now: Date) {
  const tokens = {} as Record<ResetKind, string>;
  for (const kind of ['password', 'pin'] as const) {
    expect(await requestReset(kind, user.username, ctx(), now)).toEqual({ ok: true });
    const mail = await lastMessageTo(user.email);
    tokens[kind] = new RegExp(`/reset-${kind}\\?token=([\\w-]+)`).exec(mail.text)![1]!;
  }
  return tokens;
}

async function expectDead(tokens: Record<ResetKind, string>, now: Date) {
  for (const kind of ['password', 'pin'] as const) {
    expect(await resetLinkIsValid(kind, tokens[kind], now), `${kind} link still shown`).toBe(false);
    expect(await completeReset(kind, tokens[kind], kind === 'pin' ? '604918' : NEW_PASSWORD, now), `${kind} link still used`).toEqual({ ok: false, reason: 'invalid_link' });
  }
}

async function expectAlive(tokens: Record<ResetKind, string>, now: Date) {
  for (const kind of ['password', 'pin'] as const) expect(await resetLinkIsValid(kind, tokens[kind], now), `${kind} link`).toBe(true);
}

describe('reset links are bound to what they were issued for', () => {
  it('a link mailed to an address the account no longer has is refused, and works again only if the address comes back', async () => {
    const user = await newUser();
    const t0 = new Date();
    const tokens = await links(user, t0);
    const other = `moved.${uid()}@example.test`;
    await getDb().update(users).set({ email: other, emailNormalized: other }).where(eq(users.id, user.userId));
    for (const kind of ['password', 'pin'] as const) expect(await resetLinkIsValid(kind, tokens[kind], t0)).toBe(false);
    expect(await completeReset('password', tokens.password, NEW_PASSWORD, t0)).toEqual({ ok: false, reason: 'invalid_link' });
    // The refusal decided on the address, not on the link being used up.
    await getDb().update(users).set({ email: user.email, emailNormalized: user.email }).where(eq(users.id, user.userId));
    expect(await resetLinkIsValid('pin', tokens.pin, t0)).toBe(true);
  });

  it('a link of an account that is disabled or scheduled for deletion is refused', async () => {
    for (const status of ['disabled', 'scheduled_for_deletion'] as const) {
      const user = await newUser();
      const t0 = new Date();
      const tokens = await links(user, t0);
      await getDb().update(users).set({ status }).where(eq(users.id, user.userId));
      await expectDead(tokens, t0);
    }
  });
});

describe('every outstanding link dies', () => {
  it('when the email address changes in the profile', async () => {
    const user = await newUser();
    const t0 = new Date();
    const tokens = await links(user, t0);
    const newEmail = `changed.${uid()}@example.test`;
    expect(await requestContactChange('email', user.userId, newEmail, t0)).toEqual({ ok: true });
    const code = /\b([2-9A-HJ-NP-Z]{8})\b/.exec((await lastMessageTo(newEmail)).text)![1]!;
    expect(await confirmContactChange('email', user.userId, code, at(t0, MIN))).toEqual({ ok: true });
    await expectDead(tokens, at(t0, 2 * MIN));
    // Even if the old address came back, the links stay dead: they were ended, not only unbound.
    await getDb().update(users).set({ email: user.email, emailNormalized: user.email }).where(eq(users.id, user.userId));
    await expectDead(tokens, at(t0, 2 * MIN));
  });

  it('when the password changes, and when the PIN changes', async () => {
    for (const change of [{ password: NEW_PASSWORD }, { pin: '604918' }]) {
      const user = await newUser();
      const t0 = new Date();
      const tokens = await links(user, t0);
      const keep = await createSession(getDb(), { userId: user.userId, method: 'password', ip: null, userAgent: null }, t0);
      expect(await changeSecret(user.userId, keep.id, user.password, change, ctx(), at(t0, MIN))).toEqual({ ok: true });
      await expectDead(tokens, at(t0, 2 * MIN));
    }
  });

  it('on "sign out everywhere"', async () => {
    const user = await newUser();
    const t0 = new Date();
    const tokens = await links(user, t0);
    await expectAlive(tokens, t0);
    await revokeAllSessions(getDb(), user.userId, 'signed_out_everywhere', at(t0, MIN));
    await expectDead(tokens, at(t0, 2 * MIN));
  });

  it('when another link is used: one reset, and the others are gone', async () => {
    const user = await newUser();
    const t0 = new Date();
    const first = await links(user, t0);
    const second = await links(user, at(t0, MIN));
    expect(await completeReset('password', second.password, NEW_PASSWORD, at(t0, 2 * MIN))).toEqual({ ok: true });
    await expectDead(first, at(t0, 3 * MIN));
    expect(await resetLinkIsValid('pin', second.pin, at(t0, 3 * MIN))).toBe(false);
  });

  it('on "this wasn\'t me": only the link in the new "we secured your account" mail works', async () => {
    const user = await newUser();
    const t0 = new Date();
    const tokens = await links(user, t0);
    await reportNotMe(getDb(), user.userId, at(t0, MIN));
    await expectDead(tokens, at(t0, 2 * MIN));
    const secured = await lastMessageTo(user.email);
    expect(secured.subject).toBe('We secured your account');
    const fresh = /\/reset-password\?token=([\w-]+)/.exec(secured.text)![1]!;
    expect(await completeReset('password', fresh, NEW_PASSWORD, at(t0, 2 * MIN))).toEqual({ ok: true });
  });

  it('nothing ends them by itself: an untouched account keeps its links until they expire', async () => {
    const user = await newUser();
    const t0 = new Date();
    const tokens = await links(user, t0);
    // Activity that is not a change of secret, address or sessions.
    await createSession(getDb(), { userId: user.userId, method: 'password', ip: null, userAgent: null }, at(t0, MIN));
    await expectAlive(tokens, at(t0, 29 * MIN));
    expect(await getDb().select().from(outbox).where(and(eq(outbox.userId, user.userId), eq(outbox.subject, 'Your password was changed')))).toHaveLength(0);
  });
});
