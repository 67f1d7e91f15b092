import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { signUpSchema } from '@/lib/validation/auth';
import { createAccount } from '@/test/vitest/use-cases/accounts';
import { sendPromotional } from '../mail/promotional';
import { CONFIRM_DAYS, confirmSubscription, peekConfirmation } from '@/test/vitest/use-cases/double-opt-in';
import { setTopic } from '@/test/vitest/use-cases/consent-preferences';
import { confirmationToken, ctx, ledger, mailTo, states } from '@/test/vitest/consent';

const T0 = new Date('2030-04-01T08:00:00Z');
const later = (min: number) => new Date(T0.getTime() + min * 60_000);

async function signUp(topics: ('product_updates' | 'offers' | 'newsletter')[]) {
  const username = `doi${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const created = await createAccount({ username, email: `${username}@example.test`, password: 'quiet lantern harbour 77', topics, context: ctx }, T0);
  if (!created.ok) throw new Error(JSON.stringify(created.fieldErrors));
  return { id: created.userId, email: `${username}@example.test`, actor: { userId: created.userId } };
}

const promo = (userId: string, topic: 'offers' | 'newsletter' | 'product_updates') => sendPromotional(getDb(), { userId, topic, subject: 'Spring offer', paragraphs: ['Hello'] });

describe('sign-up topics (zod)', () => {
  const schema = signUpSchema('GB');
  const base = { username: 'someone', email: 'someone@example.test', password: 'quiet lantern harbour 77' };
  it('default to none and accept the optional topics', () => {
    expect(schema.parse(base).topics).toEqual([]);
    expect(schema.parse({ ...base, topics: ['offers', 'newsletter'] }).topics).toEqual(['offers', 'newsletter']);
  });
  it.each([[['security']], [['service']], [['lottery']], ['offers']])('refuse %j', (topics) => {
    const r = schema.safeParse({ ...base, topics });
    expect(r.success).toBe(false);
  });
});

describe('double opt-in from sign-up', () => {
  it('ticked topics are pending (source signup) and one link is emailed; nothing promotional goes out until it is confirmed', async () => {
    const u = await signUp(['offers', 'newsletter']);
    expect(await states(u.id)).toEqual({ product_updates: 'withdrawn', offers: 'pending', newsletter: 'pending' });
    expect((await ledger(u.id)).map((r) => [r.topic, r.state, r.source, r.ip, r.userAgent])).toEqual([
      ['offers', 'pending', 'signup', '203.0.113.9', 'vitest consent'],
      ['newsletter', 'pending', 'signup', '203.0.113.9', 'vitest consent'],
    ]);
    const mails = await mailTo(u.id);
    expect(mails.map((m) => m.subject)).toEqual(['Confirm your email address', 'Confirm your subscription']);
    expect(mails[1]!.text).toContain('offers and promotions and newsletter');
    expect(mails[1]!.text).toContain(`${CONFIRM_DAYS} days`);
    expect(await promo(u.id, 'offers')).toEqual({ sent: false, reason: 'no_consent' });

    const token = await confirmationToken(u.id);
    // Looking at the page behind the link changes nothing.
    expect(await peekConfirmation(token, later(5))).toEqual({ topics: ['offers', 'newsletter'] });
    expect(await peekConfirmation(token, later(5))).toEqual({ topics: ['offers', 'newsletter'] });
    expect((await states(u.id)).offers).toBe('pending');

    // Switched off meanwhile: stays off when the link is used.
    await setTopic(u.actor, { topic: 'newsletter', subscribed: false }, ctx, later(6));
    expect(await confirmSubscription(token, { ip: '198.51.100.4', userAgent: 'phone' }, later(10))).toEqual({ ok: true, topics: ['offers'] });
    expect(await states(u.id)).toEqual({ product_updates: 'withdrawn', offers: 'granted', newsletter: 'withdrawn' });
    expect((await ledger(u.id)).at(-1)).toMatchObject({ topic: 'offers', state: 'granted', source: 'double_opt_in', ip: '198.51.100.4', userAgent: 'phone' });
    expect(await ledger(u.id)).toHaveLength(4);
    expect(await promo(u.id, 'offers')).toEqual({ sent: true });

    // Single use.
    expect(await confirmSubscription(token, ctx, later(11))).toEqual({ ok: false });
    expect(await peekConfirmation(token, later(11))).toBeNull();
  });

  it('nothing ticked: no consent rows and no subscription email', async () => {
    const u = await signUp([]);
    expect(await ledger(u.id)).toEqual([]);
    expect((await mailTo(u.id)).map((m) => m.subject)).toEqual(['Confirm your email address']);
  });

  it('refuses expired, forged and re-addressed links, changing nothing', async () => {
    const u = await signUp(['product_updates']);
    const token = await confirmationToken(u.id);
    expect(await confirmSubscription(token, ctx, later(CONFIRM_DAYS * 24 * 60 + 1))).toEqual({ ok: false });
    expect(await confirmSubscription(`${token.slice(0, -2)}xx`, ctx, later(1))).toEqual({ ok: false });
    expect(await confirmSubscription('', ctx, later(1))).toEqual({ ok: false });
    expect(await confirmSubscription('x'.repeat(500), ctx, later(1))).toEqual({ ok: false });
    // The address changed after the link was sent: the link proves nothing about the new one.
    await getDb().update(users).set({ email: `new-${u.email}`, emailNormalized: `new-${u.email}` }).where(eq(users.id, u.id));
    expect(await peekConfirmation(token, later(1))).toBeNull();
    expect(await confirmSubscription(token, ctx, later(1))).toEqual({ ok: false });
    expect((await states(u.id)).product_updates).toBe('pending');
    expect(await ledger(u.id)).toHaveLength(1);
  });
});
