import { describe, expect, it } from 'vitest';
import { unsubscribeToken } from '@/server/consent/tokens';
import { describeUnsubscribe, maskEmail, unsubscribeWithToken } from '@/test/vitest/use-cases/unsubscribe';
import { setTopic } from '@/test/vitest/use-cases/consent-preferences';
import { ctx, ledger, newUser, states } from '@/test/vitest/consent';
import { GET, POST } from './route';

/*
 * The RFC 8058 endpoint called as the server calls it: a real Request, no
 * cookies, the client address in the header the HTTP layer sets.
 */

const url = (token: string) => `http://localhost/api/unsubscribe?token=${encodeURIComponent(token)}`;
const oneClick = (token: string, init: RequestInit = {}) =>
  POST(new Request(url(token), { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-client-ip': '192.0.2.44', 'user-agent': 'MailApp/1.0' }, ...init }));

async function subscribed(topics: ('offers' | 'newsletter' | 'product_updates')[] = ['offers', 'newsletter']) {
  const u = await newUser();
  for (const topic of topics) await setTopic(u.actor, { topic, subscribed: true }, ctx);
  return u;
}

describe('POST /api/unsubscribe (one click)', () => {
  it('withdraws the token’s topic at once, one ledger row with source one_click and the request’s IP and user agent', async () => {
    const u = await subscribed();
    const res = await oneClick(unsubscribeToken(u.id, 'offers'));
    expect(res.status).toBe(200);
    expect(await states(u.id)).toEqual({ product_updates: 'withdrawn', offers: 'withdrawn', newsletter: 'granted' });
    expect((await ledger(u.id)).at(-1)).toMatchObject({ topic: 'offers', state: 'withdrawn', source: 'one_click', ip: '192.0.2.44', userAgent: 'MailApp/1.0' });
    expect(await ledger(u.id)).toHaveLength(3);
  });

  it('is harmless to repeat: 200 again, no new ledger row', async () => {
    const u = await subscribed();
    const token = unsubscribeToken(u.id, 'newsletter');
    expect((await oneClick(token)).status).toBe(200);
    expect((await oneClick(token)).status).toBe(200);
    expect((await oneClick(token)).status).toBe(200);
    expect((await ledger(u.id)).filter((r) => r.source === 'one_click')).toHaveLength(1);
  });

  it('accepts the multipart/form-data body RFC 8058 also allows', async () => {
    const u = await subscribed();
    const form = new FormData();
    form.set('List-Unsubscribe', 'One-Click');
    const res = await POST(new Request(url(unsubscribeToken(u.id, 'offers')), { method: 'POST', body: form }));
    expect(res.status).toBe(200);
    expect((await states(u.id)).offers).toBe('withdrawn');
  });

  it('ignores cookies: the token decides, not a session', async () => {
    const u = await subscribed();
    const res = await oneClick(unsubscribeToken(u.id, 'offers'), { headers: { cookie: 'authjs.session-token=garbage', 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(200);
    expect((await states(u.id)).offers).toBe('withdrawn');
  });

  it.each([
    ['forged', (t: string) => `${t.slice(0, t.lastIndexOf('.') + 1)}${'A'.repeat(43)}`],
    ['truncated', (t: string) => t.slice(0, -5)],
    ['other-topic', (t: string) => t.replace('.offers.', '.newsletter.')],
    ['mandatory-topic', (t: string) => t.replace('.offers.', '.security.')],
    ['empty', () => ''],
  ])('answers 400 to a %s token and changes nothing', async (_, mutate) => {
    const u = await subscribed();
    const before = await ledger(u.id);
    const res = await oneClick(mutate(unsubscribeToken(u.id, 'offers')));
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/not valid.*Nothing was changed/);
    expect(await states(u.id)).toEqual({ product_updates: 'withdrawn', offers: 'granted', newsletter: 'granted' });
    expect(await ledger(u.id)).toEqual(before);
  });

  it('answers 400 without the One-Click body, or with an oversized one, and changes nothing', async () => {
    const u = await subscribed();
    const token = unsubscribeToken(u.id, 'offers');
    expect((await oneClick(token, { body: '' })).status).toBe(400);
    expect((await oneClick(token, { body: 'List-Unsubscribe=Yes' })).status).toBe(400);
    expect((await oneClick(token, { body: `List-Unsubscribe=One-Click&x=${'a'.repeat(5000)}` })).status).toBe(400);
    expect((await POST(new Request(`http://localhost/api/unsubscribe`, { method: 'POST', body: 'List-Unsubscribe=One-Click' }))).status).toBe(400);
    expect((await states(u.id)).offers).toBe('granted');
  });

  it('answers 200 for an account that no longer exists (nothing left to send to)', async () => {
    const res = await oneClick(unsubscribeToken('00000000-0000-4000-8000-000000000000', 'offers'));
    expect(res.status).toBe(200);
  });
});

describe('GET /api/unsubscribe', () => {
  it('changes nothing and sends the reader to the visible page with the same token', async () => {
    const u = await subscribed();
    const token = unsubscribeToken(u.id, 'offers');
    const res = GET(new Request(url(token)));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/unsubscribe?token=${encodeURIComponent(token)}`);
    expect((await states(u.id)).offers).toBe('granted');
  });
});

describe('the visible page (source email_link)', () => {
  it('describes without changing anything, then withdraws with one row; a second press adds none', async () => {
    const u = await subscribed();
    const token = unsubscribeToken(u.id, 'newsletter');
    const target = await describeUnsubscribe(token);
    expect(target).toEqual({ topic: 'newsletter', label: 'Newsletter', maskedEmail: maskEmail(u.email), state: 'granted' });
    expect(await ledger(u.id)).toHaveLength(2);
    expect(await unsubscribeWithToken(token, 'email_link', ctx)).toEqual({ ok: true, topic: 'newsletter', changed: true });
    expect(await unsubscribeWithToken(token, 'email_link', ctx)).toEqual({ ok: true, topic: 'newsletter', changed: false });
    expect((await ledger(u.id)).map((r) => [r.topic, r.state, r.source])).toEqual([
      ['offers', 'granted', 'settings'],
      ['newsletter', 'granted', 'settings'],
      ['newsletter', 'withdrawn', 'email_link'],
    ]);
    expect((await describeUnsubscribe(token))?.state).toBe('withdrawn');
  });

  it('refuses bad tokens with null / ok:false', async () => {
    const u = await subscribed();
    const token = unsubscribeToken(u.id, 'offers');
    expect(await describeUnsubscribe(token.slice(0, 20))).toBeNull();
    expect(await describeUnsubscribe(undefined)).toBeNull();
    expect(await unsubscribeWithToken(token.replace('.offers.', '.newsletter.'), 'email_link', ctx)).toEqual({ ok: false });
    expect(await unsubscribeWithToken(42, 'email_link', ctx)).toEqual({ ok: false });
    expect(await ledger(u.id)).toHaveLength(2);
  });

  it('masks the address', () => {
    expect(maskEmail('jonathan@example.com')).toBe('j•••n@example.com');
    expect(maskEmail('jo@example.com')).toBe('j•••@example.com');
    expect(maskEmail('nonsense')).toBe('•••');
  });
});
