import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { recordConsent } from '../consent/ledger';
import { suppress } from '../consent/suppression';
import { readUnsubscribeToken } from '../consent/tokens';
import { mailTo, newUser } from '@/test/vitest/consent';
import { sendPromotional } from './promotional';

const message = (userId: string) => ({ userId, topic: 'offers' as const, subject: 'Half price this week', paragraphs: ['Half price.', 'This week only.'] });
const subscribed = async () => {
  const u = await newUser();
  await recordConsent(getDb(), { userId: u.id, topic: 'offers', state: 'granted', source: 'settings' });
  return u;
};
const tokenIn = (s: string) => decodeURIComponent(/\/unsubscribe\?token=([^"&\s<>]+)/.exec(s)?.[1] ?? '');

describe('sendPromotional', () => {
  it("gives each recipient their own unsubscribe link (text, HTML and header) though the layout is rendered once", async () => {
    const [a, b] = [await subscribed(), await subscribed()];
    for (const u of [a, b]) expect(await sendPromotional(getDb(), message(u.id))).toEqual({ sent: true });
    for (const u of [a, b]) {
      const [m] = await mailTo(u.id);
      expect(m!.subject).toBe('Half price this week');
      expect(m!.text + m!.html).not.toContain('unsubscribe.invalid');
      for (const part of [m!.text, m!.html!, m!.headers!['List-Unsubscribe']!]) expect(readUnsubscribeToken(tokenIn(part))).toEqual({ userId: u.id, topic: 'offers' });
      expect(m!.headers!['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
      expect(m!.text).toContain('You get this email because you subscribed to offers and promotions.');
    }
  });

  it('sends nothing to a customer without consent, a suppressed address or a pending topic', async () => {
    const none = await newUser();
    const suppressed = await subscribed();
    await suppress(getDb(), suppressed.email, 'complaint');
    const pending = await newUser();
    await recordConsent(getDb(), { userId: pending.id, topic: 'offers', state: 'pending', source: 'signup' });
    expect(await sendPromotional(getDb(), message(none.id))).toEqual({ sent: false, reason: 'no_consent' });
    expect(await sendPromotional(getDb(), message(suppressed.id))).toEqual({ sent: false, reason: 'suppressed' });
    expect(await sendPromotional(getDb(), message(pending.id))).toEqual({ sent: false, reason: 'no_consent' });
    for (const u of [none, suppressed, pending]) expect(await mailTo(u.id)).toEqual([]);
  });
});
