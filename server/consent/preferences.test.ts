import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { consents, policyVersions, users } from '@/db/schema';
import { MANDATORY_REFUSED } from '@/lib/validation/consent';
import { isSuppressed, suppress } from './suppression';
import { preferencesView, resendConfirmation, setTopic, unsubscribeAll } from '@/test/vitest/use-cases/consent-preferences';
import { confirmationToken, ctx, ledger, mailTo, newUser, states, unwrap } from '@/test/vitest/consent';

const T0 = new Date('2030-03-01T10:00:00Z');
const SIGN_IN_AGAIN = 'Your session has ended. Sign in again to change your email choices.';
const later = (min: number) => new Date(T0.getTime() + min * 60_000);

describe('setTopic (the preference center switch)', () => {
  it('refuses without a session, and changes nothing', async () => {
    const u = await newUser();
    expect(await setTopic(null, { topic: 'offers', subscribed: true }, ctx, T0)).toEqual({ ok: false, formError: SIGN_IN_AGAIN });
    expect(await ledger(u.id)).toEqual([]);
  });

  it.each([
    ['security alerts', { topic: 'security', subscribed: false }, MANDATORY_REFUSED],
    ['service messages', { topic: 'service', subscribed: false }, MANDATORY_REFUSED],
    ['an unknown topic', { topic: 'lottery', subscribed: true }, 'Choose from the topics listed'],
    ['a topic that is not a string', { topic: 42, subscribed: true }, 'Choose from the topics listed'],
    ['no on/off', { topic: 'offers', subscribed: 'yes' }, 'Say whether to subscribe'],
  ])('refuses %s with a message and writes nothing', async (_, input, message) => {
    const u = await newUser();
    const result = await setTopic(u.actor, input, ctx, T0);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.formError).toBe(message);
    expect(await ledger(u.id)).toEqual([]);
    expect(await getDb().select().from(consents).where(eq(consents.userId, u.id))).toEqual([]);
  });

  it('refuses input that is not an object', async () => {
    const u = await newUser();
    expect((await setTopic(u.actor, 'offers', ctx, T0)).ok).toBe(false);
    expect((await setTopic(u.actor, null, ctx, T0)).ok).toBe(false);
    expect(await ledger(u.id)).toEqual([]);
  });

  it('grants at once for a verified address: one ledger row, source settings, with IP, user agent and the policy in force', async () => {
    await getDb().insert(policyVersions).values({ version: 'pref-2030-01', summary: 'test', body: 'test', publishedAt: new Date('2030-01-01T00:00:00Z') });
    const u = await newUser();
    const other = await newUser();
    const view = unwrap(await setTopic(u.actor, { topic: 'newsletter', subscribed: true }, ctx, T0));
    expect(view.states).toEqual({ product_updates: 'withdrawn', offers: 'withdrawn', newsletter: 'granted' });
    expect(view.history).toEqual([{ id: expect.any(Number), at: T0.toISOString(), topic: 'newsletter', state: 'granted', source: 'settings', policyVersion: 'pref-2030-01', ip: '203.0.113.9' }]);
    const [row] = await ledger(u.id);
    expect(row).toMatchObject({ topic: 'newsletter', state: 'granted', source: 'settings', ip: '203.0.113.9', userAgent: 'vitest consent', policyVersion: 'pref-2030-01' });
    expect(await mailTo(u.id)).toEqual([]); // no confirmation needed
    expect(await ledger(other.id)).toEqual([]); // only ever the actor's own consents

    // The same state again is no change: no new row.
    unwrap(await setTopic(u.actor, { topic: 'newsletter', subscribed: true }, ctx, later(1)));
    expect(await ledger(u.id)).toHaveLength(1);
    // Off: one more row.
    const off = unwrap(await setTopic(u.actor, { topic: 'newsletter', subscribed: false }, ctx, later(2)));
    expect(off.states.newsletter).toBe('withdrawn');
    expect((await ledger(u.id)).map((r) => [r.state, r.source])).toEqual([
      ['granted', 'settings'],
      ['withdrawn', 'settings'],
    ]);
    expect(off.history.map((h) => h.state)).toEqual(['withdrawn', 'granted']); // newest first
  });

  it('asks an unverified address to confirm: pending, one confirmation email, nothing granted', async () => {
    const u = await newUser({ verified: false });
    const view = unwrap(await setTopic(u.actor, { topic: 'offers', subscribed: true }, ctx, T0));
    expect(view.states.offers).toBe('pending');
    expect(view.emailVerified).toBe(false);
    expect((await ledger(u.id)).map((r) => [r.topic, r.state, r.source])).toEqual([['offers', 'pending', 'settings']]);
    const mails = await mailTo(u.id);
    expect(mails.map((m) => [m.subject, m.topic])).toEqual([['Confirm your subscription', 'service']]);
    expect(mails[0]!.text).toContain('offers and promotions');
    expect(await confirmationToken(u.id)).not.toBe('');
    // Switching it on again while it waits sends nothing more.
    unwrap(await setTopic(u.actor, { topic: 'offers', subscribed: true }, ctx, later(1)));
    expect(await mailTo(u.id)).toHaveLength(1);
    expect(await ledger(u.id)).toHaveLength(1);
    // A pending topic can be switched off.
    unwrap(await setTopic(u.actor, { topic: 'offers', subscribed: false }, ctx, later(2)));
    expect((await states(u.id)).offers).toBe('withdrawn');
  });

  it('refuses a disabled account', async () => {
    const u = await newUser();
    await getDb().update(users).set({ status: 'disabled' }).where(eq(users.id, u.id));
    expect((await setTopic(u.actor, { topic: 'offers', subscribed: true }, ctx, T0)).ok).toBe(false);
    expect(await ledger(u.id)).toEqual([]);
  });
});

describe('unsubscribeAll', () => {
  it('refuses without a session', async () => {
    expect(await unsubscribeAll(null, ctx, T0)).toEqual({ ok: false, formError: SIGN_IN_AGAIN });
  });

  it('withdraws every topic that was on (one row each), suppresses the address, and subscribing again lifts that', async () => {
    const u = await newUser();
    unwrap(await setTopic(u.actor, { topic: 'offers', subscribed: true }, ctx, T0));
    unwrap(await setTopic(u.actor, { topic: 'product_updates', subscribed: true }, ctx, T0));
    const view = unwrap(await unsubscribeAll(u.actor, ctx, later(1)));
    expect(view.states).toEqual({ product_updates: 'withdrawn', offers: 'withdrawn', newsletter: 'withdrawn' });
    const rows = await ledger(u.id);
    expect(rows.slice(2).map((r) => [r.topic, r.state, r.source])).toEqual([
      ['product_updates', 'withdrawn', 'settings'],
      ['offers', 'withdrawn', 'settings'],
    ]);
    expect(await isSuppressed(getDb(), u.email)).toBe(true);
    // Again: harmless, no rows.
    unwrap(await unsubscribeAll(u.actor, ctx, later(2)));
    expect(await ledger(u.id)).toHaveLength(4);

    unwrap(await setTopic(u.actor, { topic: 'newsletter', subscribed: true }, ctx, later(3)));
    expect(await isSuppressed(getDb(), u.email)).toBe(false);
  });

  it('never lifts a suppression for a complaint', async () => {
    const u = await newUser();
    await suppress(getDb(), u.email, 'complaint');
    unwrap(await setTopic(u.actor, { topic: 'newsletter', subscribed: true }, ctx, T0));
    expect(await isSuppressed(getDb(), u.email)).toBe(true);
  });
});

describe('resendConfirmation', () => {
  it('refuses without a session, and when nothing is pending', async () => {
    const u = await newUser();
    expect(await resendConfirmation(null, T0)).toEqual({ ok: false, formError: SIGN_IN_AGAIN });
    expect(await resendConfirmation(u.actor, T0)).toEqual({ ok: false, formError: 'Nothing is waiting for your confirmation.' });
    expect(await mailTo(u.id)).toEqual([]);
  });

  it('sends a new link for the pending topics, at most 5 an hour', async () => {
    const u = await newUser({ verified: false });
    unwrap(await setTopic(u.actor, { topic: 'newsletter', subscribed: true }, ctx, T0));
    const first = await confirmationToken(u.id);
    for (let i = 0; i < 5; i++) expect(unwrap(await resendConfirmation(u.actor, later(1)))).toEqual({ sentTo: u.email });
    expect(await confirmationToken(u.id)).not.toBe(first);
    const sixth = await resendConfirmation(u.actor, later(2));
    expect(sixth.ok).toBe(false);
    expect(await mailTo(u.id)).toHaveLength(6);
    expect(unwrap(await resendConfirmation(u.actor, later(62))).sentTo).toBe(u.email);
  });
});

describe('preferencesView', () => {
  it('is null for an account that does not exist', async () => {
    expect(await preferencesView('00000000-0000-4000-8000-000000000000')).toBeNull();
  });
});
