import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { auditLog, campaigns, outbox, users } from '@/db/schema';
import type { OptionalTopic } from '@/lib/consent';
import { recordConsent } from '../consent/ledger';
import { suppress } from '../consent/suppression';
import { enqueue } from '../jobs/enqueue';
import { drainQueue } from '../jobs/worker';
import { at, MIN, NEEDS_REAUTH_RESULT, newUser, notFreshFor, reauthed, unwrap, type TestUser } from '@/test/vitest/reports';
import { runCampaignBatch } from './batch';
import { cancelCampaign, getCampaign, listCampaigns, startCampaign } from '@/test/vitest/use-cases/campaigns';

/*
 * Campaigns on real Postgres and real pg-boss jobs (drainQueue runs them in
 * this process): who gets the email, exactly once, however the jobs run.
 * Each test uses its own topic, so the audiences do not mix.
 */

const NOW = new Date('2030-03-01T10:00:00Z');
const db = () => getDb();

async function consenting(topic: OptionalTopic, state: 'granted' | 'pending' = 'granted') {
  const u = await newUser();
  await recordConsent(db(), { userId: u.id, topic, state, source: 'settings' });
  return u;
}

const campaignMails = (campaignId: number) => db().select().from(outbox).where(eq(outbox.campaignId, campaignId));
const mailsOf = async (campaignId: number, u: TestUser) => (await campaignMails(campaignId)).filter((m) => m.userId === u.id);
const campaignRow = async (id: number) => (await db().select().from(campaigns).where(eq(campaigns.id, id)))[0]!;
const firstJobData = async (campaignId: number) =>
  (await db().execute<{ data: object }>(sql`select data from pgboss.job where name = 'campaign-batch' and (data ->> 'campaignId')::int = ${campaignId} order by created_on limit 1`))[0]!.data;

describe('campaigns', () => {
  it('reaches exactly the consenting, active, non-suppressed customers, once each, even with a duplicated batch job', async () => {
    const admin = await newUser({ role: 'admin' });
    const yes = [await consenting('offers'), await consenting('offers'), await consenting('offers')];
    const optedOut = await consenting('offers');
    await recordConsent(db(), { userId: optedOut.id, topic: 'offers', state: 'withdrawn', source: 'email_link' });
    const suppressed = await consenting('offers');
    await suppress(db(), suppressed.email, 'unsubscribed_all');
    const unconfirmed = await consenting('offers', 'pending');
    const leaving = await consenting('offers');
    await db().update(users).set({ status: 'scheduled_for_deletion' }).where(eq(users.id, leaving.id));
    const otherTopic = await consenting('newsletter');
    const never = await newUser();

    const started = unwrap(await startCampaign(reauthed(admin, NOW), { topic: 'offers', subject: 'Winter sale', body: 'Everything is half price.\n\nUntil Sunday.' }, NOW, { batchSize: 2 }));
    expect(started.audience).toBe(3);
    // The same first job sent twice (pg-boss delivers at least once): the copy must change nothing.
    await enqueue(db(), 'campaign-batch', await firstJobData(started.id));
    const ran = await drainQueue(db(), 'campaign-batch', () => NOW);
    expect(ran).toBeGreaterThanOrEqual(4); // batches of 2 over 5 candidates (3 + suppressed + leaving), plus the duplicate

    for (const u of yes) {
      const mails = await mailsOf(started.id, u);
      expect(mails).toHaveLength(1);
      expect(mails[0]).toMatchObject({ recipient: u.email, subject: 'Winter sale', topic: 'offers' });
      expect(mails[0]!.headers!['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
      expect(mails[0]!.headers!['List-Unsubscribe']).toMatch(/^<http.*\/api\/unsubscribe\?token=.+>$/);
      expect(mails[0]!.text).toContain('Everything is half price.\n\nUntil Sunday.');
      expect(mails[0]!.text).toContain('Unsubscribe: http');
    }
    for (const u of [optedOut, suppressed, unconfirmed, leaving, otherTopic, never]) {
      expect(await db().select().from(outbox).where(eq(outbox.userId, u.id))).toEqual([]);
    }
    expect(await campaignMails(started.id)).toHaveLength(3);
    const c = await campaignRow(started.id);
    expect(c).toMatchObject({ status: 'sent', audience: 3, sentCount: 3, skippedCount: 2, finishedAt: NOW });
    // Running any batch job again afterwards is harmless too.
    expect(await runCampaignBatch(db(), { campaignId: c.id, after: null, size: 2 }, NOW)).toEqual({ ran: false, why: 'not_sending' });
    expect(await campaignMails(started.id)).toHaveLength(3);

    const [entry] = await db().select().from(auditLog).where(and(eq(auditLog.actorUserId, admin.id), eq(auditLog.action, 'campaign.sent')));
    expect(entry).toMatchObject({ actorRole: 'admin', subjectUserId: null, reason: `Campaign #${c.id} (Offers and promotions, 3 customers): Winter sale` });
  });

  it('sends nothing to a customer who withdraws between batches', async () => {
    const admin = await newUser({ role: 'admin' });
    const group = [await consenting('product_updates'), await consenting('product_updates'), await consenting('product_updates'), await consenting('product_updates')];
    const inOrder = [...group].sort((a, b) => (a.id < b.id ? -1 : 1));
    const started = unwrap(await startCampaign(reauthed(admin, NOW), { topic: 'product_updates', subject: 'New: dark mode', body: 'It is here.' }, NOW, { batchSize: 2 }));

    // The first batch runs (the handler itself, as the worker would), then the third customer in id order withdraws.
    expect(await runCampaignBatch(db(), (await firstJobData(started.id)) as never, NOW)).toEqual({ ran: true, sent: 2, skipped: 0, finished: false });
    await recordConsent(db(), { userId: inOrder[2]!.id, topic: 'product_updates', state: 'withdrawn', source: 'one_click' });
    // drainQueue also meets the first job again (it was never completed): the cursor has moved, so it does nothing.
    await drainQueue(db(), 'campaign-batch', () => NOW);

    expect(await mailsOf(started.id, inOrder[2]!)).toEqual([]);
    for (const u of [inOrder[0]!, inOrder[1]!, inOrder[3]!]) expect(await mailsOf(started.id, u)).toHaveLength(1);
    expect(await campaignRow(started.id)).toMatchObject({ status: 'sent', sentCount: 3, skippedCount: 0 });
  });

  it('a batch that fails part-way leaves nothing behind, and its retry sends each email once', async () => {
    const admin = await newUser({ role: 'admin' });
    const group = [await consenting('newsletter'), await consenting('newsletter'), await consenting('newsletter')];
    const inOrder = [...group].sort((a, b) => (a.id < b.id ? -1 : 1));
    const started = unwrap(await startCampaign(reauthed(admin, NOW), { topic: 'newsletter', subject: 'November', body: 'News.' }, NOW, { batchSize: 5 }));
    // A row in the way of the last customer's email makes the batch fail after the first two emails were written.
    const [blocker] = await db()
      .insert(outbox)
      .values({ channel: 'email', recipient: 'x@example.test', text: 'x', userId: inOrder[2]!.id, campaignId: started.id })
      .returning({ id: outbox.id });
    await expect(drainQueue(db(), 'campaign-batch', () => NOW)).rejects.toThrow();
    expect((await campaignMails(started.id)).map((m) => m.id)).toEqual([blocker!.id]);
    expect(await campaignRow(started.id)).toMatchObject({ status: 'sending', cursor: null, sentCount: 0 });

    await db().delete(outbox).where(eq(outbox.id, blocker!.id));
    // The retry (pg-boss would run it after its delay) starts where the failed run did.
    // (The audience includes the newsletter subscriber of the first test: this file's database is shared by its tests.)
    expect(await runCampaignBatch(db(), { campaignId: started.id, after: null, size: 5 }, NOW)).toEqual({ ran: true, sent: started.audience, skipped: 0, finished: true });
    for (const u of group) expect(await mailsOf(started.id, u)).toHaveLength(1);
  });

  it('only admins start, list, read or stop campaigns; bad input answers per field and writes nothing', async () => {
    const admin = await newUser({ role: 'admin' });
    const staff = await newUser({ role: 'staff' });
    const customer = await consenting('offers');
    const valid = { topic: 'offers', subject: 'Hello', body: 'Body' };
    const before = (await db().select().from(campaigns)).length;

    expect(await startCampaign(null, valid, NOW)).toEqual({ ok: false, formError: 'Your session has ended. Sign in again to continue.' });
    expect(await startCampaign(customer.actor, valid, NOW)).toEqual({ ok: false, formError: 'Only administrators can do this.' });
    expect(await startCampaign(staff.actor, valid, NOW)).toEqual({ ok: false, formError: 'Only administrators can do this.' });
    // A customer who claims to be an admin in the actor is still checked against the database.
    expect(await startCampaign({ ...customer.actor, role: 'admin' }, valid, NOW)).toEqual({ ok: false, formError: 'Only administrators can do this.' });
    expect(await startCampaign(reauthed(admin, NOW), { topic: 'security', subject: '', body: 42 }, NOW)).toEqual({
      ok: false,
      fieldErrors: { topic: ['Choose the topic customers subscribed to'], subject: ['Enter a subject'], body: ['The message must be text'] },
    });
    await db().update(users).set({ status: 'disabled' }).where(eq(users.id, admin.id));
    expect(await startCampaign(reauthed(admin, NOW), valid, NOW)).toEqual({ ok: false, formError: 'Only administrators can do this.' });
    await db().update(users).set({ status: 'active' }).where(eq(users.id, admin.id));
    expect((await db().select().from(campaigns)).length).toBe(before);

    const c = unwrap(await startCampaign(reauthed(admin, NOW), valid, NOW));
    expect(await listCampaigns(staff.actor)).toBeNull();
    expect(await listCampaigns(null)).toBeNull();
    expect((await listCampaigns(admin.actor))![0]).toMatchObject({ id: c.id, subject: 'Hello', status: 'sending' });
    expect(await getCampaign(customer.actor, c.id)).toBeNull();
    expect(await getCampaign(admin.actor, 'not-a-number')).toBeNull();
    expect(await getCampaign(admin.actor, String(c.id))).toMatchObject({ id: c.id, topic: 'offers', audience: c.audience });

    expect(await cancelCampaign(staff.actor, c.id, NOW)).toEqual({ ok: false, formError: 'Only administrators can do this.' });
    expect(unwrap(await cancelCampaign(admin.actor, c.id, NOW))).toEqual({ id: c.id });
    expect(await cancelCampaign(admin.actor, c.id, NOW)).toEqual({ ok: false, formError: 'This campaign has finished already: there is nothing left to stop.' });
    // The queued first batch finds it cancelled: nobody gets it.
    await drainQueue(db(), 'campaign-batch', () => NOW);
    expect(await campaignMails(c.id)).toEqual([]);
    expect(await campaignRow(c.id)).toMatchObject({ status: 'cancelled', sentCount: 0 });
  });

  it('refuses a campaign nobody can receive', async () => {
    const admin = await newUser({ role: 'admin' });
    const alone = await consenting('newsletter');
    await suppress(db(), alone.email, 'complaint');
    await db().execute(sql`update consents set state = 'withdrawn' where topic = 'newsletter' and user_id <> ${alone.id}`);
    expect(await startCampaign(reauthed(admin, NOW), { topic: 'newsletter', subject: 'Hi', body: 'Hi' }, NOW)).toEqual({
      ok: false,
      fieldErrors: { topic: ['Nobody can receive newsletter now: no active customer consents to it.'] },
    });
  });

  it('sending needs a password re-authentication in the last 5 minutes; without one no campaign, job or email', async () => {
    const admin = await newUser({ role: 'admin' });
    await consenting('product_updates');
    const valid = { topic: 'product_updates', subject: 'Fresh only', body: 'Body' };
    const count = async () => (await db().select().from(campaigns)).length;
    const before = await count();
    for (const [state, actor] of notFreshFor(admin, NOW)) expect(await startCampaign(actor, valid, NOW), state).toEqual(NEEDS_REAUTH_RESULT);
    expect(await count()).toBe(before);
    expect(await db().select().from(auditLog).where(eq(auditLog.actorUserId, admin.id))).toEqual([]);

    const c = unwrap(await startCampaign(reauthed(admin, at(NOW, -(5 * MIN - 1000))), valid, NOW));
    expect(await campaignRow(c.id)).toMatchObject({ status: 'sending', subject: 'Fresh only' });
  });
});
