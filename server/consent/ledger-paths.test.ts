import { describe, expect, it } from 'vitest';
import { POST } from '@/app/api/unsubscribe/route';
import { createAccount } from '@/test/vitest/use-cases/accounts';
import { confirmSubscription } from '@/test/vitest/use-cases/double-opt-in';
import { setTopic, unsubscribeAll } from '@/test/vitest/use-cases/consent-preferences';
import { confirmationToken, ctx, ledger, unwrap } from '@/test/vitest/consent';
import { unsubscribeToken } from './tokens';
import { unsubscribeWithToken } from '@/test/vitest/use-cases/unsubscribe';

/*
 * One customer through every path that changes consent, each change made
 * twice: the ledger holds exactly one row per real change, with the source
 * of the path that made it.
 */
describe('the consent ledger, path by path', () => {
  it('signup → double_opt_in → settings → email_link → one_click: one row per change, the right source each', async () => {
    const username = `paths${Date.now().toString(36)}`;
    const created = await createAccount({ username, email: `${username}@example.test`, password: 'quiet lantern harbour 77', topics: ['offers', 'newsletter'], context: ctx });
    if (!created.ok) throw new Error('sign-up failed');
    const userId = created.userId;
    const actor = { userId };
    const token = await confirmationToken(userId);

    // double_opt_in (the second use of the single-use link does nothing)
    expect((await confirmSubscription(token, ctx)).ok).toBe(true);
    expect((await confirmSubscription(token, ctx)).ok).toBe(false);
    // settings (the account is unverified: on means pending + link; confirm it)
    unwrap(await setTopic(actor, { topic: 'product_updates', subscribed: true }, ctx));
    unwrap(await setTopic(actor, { topic: 'product_updates', subscribed: true }, ctx));
    expect((await confirmSubscription(await confirmationToken(userId), ctx)).ok).toBe(true);
    // email_link
    await unsubscribeWithToken(unsubscribeToken(userId, 'offers'), 'email_link', ctx);
    await unsubscribeWithToken(unsubscribeToken(userId, 'offers'), 'email_link', ctx);
    // one_click
    const post = () =>
      POST(new Request(`http://localhost/api/unsubscribe?token=${unsubscribeToken(userId, 'newsletter')}`, { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
    expect((await post()).status).toBe(200);
    expect((await post()).status).toBe(200);
    // settings: unsubscribe from all (only product_updates is still on)
    unwrap(await unsubscribeAll(actor, ctx));
    unwrap(await unsubscribeAll(actor, ctx));

    expect((await ledger(userId)).map((r) => `${r.topic} ${r.state} ${r.source}`)).toEqual([
      'offers pending signup',
      'newsletter pending signup',
      'offers granted double_opt_in',
      'newsletter granted double_opt_in',
      'product_updates pending settings',
      'product_updates granted double_opt_in',
      'offers withdrawn email_link',
      'newsletter withdrawn one_click',
      'product_updates withdrawn settings',
    ]);
  });
});
