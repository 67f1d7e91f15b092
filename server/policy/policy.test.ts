import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { auditLog, outbox, policyAcknowledgements, policyVersions, users } from '@/db/schema';
import { enqueue } from '../jobs/enqueue';
import { drainQueue } from '../jobs/worker';
import { at, MIN, NEEDS_REAUTH_RESULT, newUser, notFreshFor, reauthed, unwrap } from '@/test/vitest/reports';
import { POLICY_NOTICE_HEADER, runPolicyNoticeBatch } from './notice-batch';
import { acknowledgePolicy, pendingPolicyNotice, policiesForAdmin, publishedPolicies, publishPolicy } from '@/test/vitest/use-cases/policy';

/* Policy versions on real Postgres: publishing, the batched service email, the notice and its acknowledgement. */

const db = () => getDb();
// newUser() accounts are created on 2029-01-01.
const T1 = new Date('2030-01-01T09:00:00Z');
const T2 = new Date('2030-06-01T09:00:00Z');
const ctx = { ip: '203.0.113.9', userAgent: 'Vitest browser' };
const noticesTo = (userId: string, versionId: number) =>
  db()
    .select()
    .from(outbox)
    .where(and(eq(outbox.userId, userId), sql`${outbox.headers} ->> ${POLICY_NOTICE_HEADER} = ${String(versionId)}`));

describe('policy versions', () => {
  it('works with no version at all: nothing published, no notice, nothing to acknowledge', async () => {
    const u = await newUser();
    expect(await publishedPolicies(db(), T1)).toEqual([]);
    expect(await pendingPolicyNotice(u.id, T1)).toBeNull();
    expect(await acknowledgePolicy(u.actor, 1, ctx, T1)).toEqual({ ok: false, formError: 'That policy version was not found.' });
  });

  it('publishing emails every active account once, in batches, duplicates harmless; the notice shows until acknowledged', async () => {
    const admin = await newUser({ role: 'admin' });
    const customers = [await newUser(), await newUser(), await newUser()];
    const disabled = await newUser();
    await db().update(users).set({ status: 'disabled' }).where(eq(users.id, disabled.id));
    const leaving = await newUser();
    await db().update(users).set({ status: 'scheduled_for_deletion' }).where(eq(users.id, leaving.id));

    const v1 = unwrap(await publishPolicy(reauthed(admin, T1), { version: '2030-01', summary: 'First version.', body: '# Our policy\n\nWe keep little.' }, T1, { batchSize: 2 }));
    const newcomer = await newUser();
    await db().update(users).set({ createdAt: new Date(T1.getTime() + 60_000) }).where(eq(users.id, newcomer.id));
    // A duplicated first job, as pg-boss may deliver.
    await enqueue(db(), 'policy-notice-batch', { policyVersionId: v1.id, after: null, size: 2 });
    await drainQueue(db(), 'policy-notice-batch', () => T1);

    for (const u of [admin, ...customers]) {
      const mails = await noticesTo(u.id, v1.id);
      expect(mails).toHaveLength(1);
      expect(mails[0]).toMatchObject({ recipient: u.email, topic: 'service', subject: 'We updated our privacy policy' });
      expect(mails[0]!.text).toContain('What changed: First version.');
      expect(mails[0]!.text).toMatch(/Read the privacy policy: http\S+\/privacy/);
    }
    for (const u of [disabled, leaving, newcomer]) expect(await noticesTo(u.id, v1.id)).toEqual([]);
    // Run again from the start after everything finished: nobody is told twice.
    expect(await runPolicyNoticeBatch(db(), { policyVersionId: v1.id, after: null, size: 2 }, T1)).toEqual({ ran: false, why: 'already_done' });

    const [entry] = await db().select().from(auditLog).where(and(eq(auditLog.actorUserId, admin.id), eq(auditLog.action, 'policy.published')));
    expect(entry).toMatchObject({ actorRole: 'admin', reason: 'Privacy policy version 2030-01: First version.' });

    const [c] = customers;
    expect(await pendingPolicyNotice(c!.id, T1)).toMatchObject({ id: v1.id, version: '2030-01', summary: 'First version.' });
    expect(await pendingPolicyNotice(newcomer.id, T1)).toBeNull();
    // Not yet in force a second before publication.
    expect(await pendingPolicyNotice(c!.id, new Date(T1.getTime() - 1000))).toBeNull();

    expect(unwrap(await acknowledgePolicy(c!.actor, String(v1.id), ctx, T1))).toEqual({ id: v1.id });
    expect(unwrap(await acknowledgePolicy(c!.actor, v1.id, { ip: null, userAgent: null }, T1))).toEqual({ id: v1.id });
    const acks = await db().select().from(policyAcknowledgements).where(eq(policyAcknowledgements.userId, c!.id));
    expect(acks).toEqual([{ userId: c!.id, policyVersionId: v1.id, acknowledgedAt: T1, ip: '203.0.113.9', userAgent: 'Vitest browser' }]);
    expect(await pendingPolicyNotice(c!.id, T1)).toBeNull();

    // A second version: the notice is back for the customer who acknowledged the first, and for the newcomer.
    const v2 = unwrap(await publishPolicy(reauthed(admin, T2), { version: '2030-06', summary: 'Shorter login history.', body: 'Text' }, T2));
    expect(await pendingPolicyNotice(c!.id, T2)).toMatchObject({ id: v2.id, version: '2030-06' });
    expect(await pendingPolicyNotice(newcomer.id, T2)).toMatchObject({ id: v2.id });
    expect((await publishedPolicies(db(), T2)).map((p) => p.version)).toEqual(['2030-06', '2030-01']);
    expect((await publishedPolicies(db(), T1)).map((p) => p.version)).toEqual(['2030-01']);
  });

  it('only admins publish; a used label, bad input and unknown versions are answered and write nothing', async () => {
    const admin = await newUser({ role: 'admin' });
    const staff = await newUser({ role: 'staff' });
    const customer = await newUser();
    const valid = { version: 'authz-1', summary: 'Changes', body: 'Body' };
    const count = async () => (await db().select().from(policyVersions)).length;
    const before = await count();

    expect(await publishPolicy(null, valid, T1)).toEqual({ ok: false, formError: 'Your session has ended. Sign in again to continue.' });
    expect(await publishPolicy(customer.actor, valid, T1)).toEqual({ ok: false, formError: 'Only administrators can do this.' });
    expect(await publishPolicy(staff.actor, valid, T1)).toEqual({ ok: false, formError: 'Only administrators can do this.' });
    expect(await publishPolicy(reauthed(admin, T1), { version: ' ', summary: '', body: null }, T1)).toEqual({
      ok: false,
      fieldErrors: { version: ['Enter a version label, like 2026-12'], summary: ['Say what changed: customers see this summary'], body: ['Enter the policy text'] },
    });
    expect(await count()).toBe(before);

    unwrap(await publishPolicy(reauthed(admin, T1), valid, T1));
    expect(await policiesForAdmin(staff.actor)).toBeNull();
    expect(await policiesForAdmin(null)).toBeNull();
    // (Published at T1, in 2030: not in force yet by the real clock this reads.)
    expect(await policiesForAdmin(admin.actor)).toEqual(expect.any(Array));
    expect(await publishPolicy(reauthed(admin, T1), { ...valid, summary: 'Again' }, T1)).toEqual({ ok: false, fieldErrors: { version: ['A version with this label exists already. Choose another label.'] } });
    expect(await count()).toBe(before + 1);

    expect(await acknowledgePolicy(null, 1, ctx, T1)).toEqual({ ok: false, formError: 'Your session has ended. Sign in again to continue.' });
    expect(await acknowledgePolicy(customer.actor, 'abc', ctx, T1)).toEqual({ ok: false, formError: 'That policy version was not found.' });
    expect(await acknowledgePolicy(customer.actor, 999_999, ctx, T1)).toEqual({ ok: false, formError: 'That policy version was not found.' });
  });

  it('publishing needs a password re-authentication in the last 5 minutes; without one nothing is published or queued', async () => {
    const admin = await newUser({ role: 'admin' });
    const valid = { version: `fresh-${admin.id.slice(0, 8)}`, summary: 'Changes', body: 'Body' };
    const jobs = async () => (await db().execute<{ n: number }>(sql`select count(*)::int as n from pgboss.job where name = 'policy-notice-batch'`))[0]!.n;
    const [versionsBefore, jobsBefore] = [(await db().select().from(policyVersions)).length, await jobs()];
    for (const [state, actor] of notFreshFor(admin, T1)) expect(await publishPolicy(actor, valid, T1), state).toEqual(NEEDS_REAUTH_RESULT);
    expect((await db().select().from(policyVersions)).length).toBe(versionsBefore);
    expect(await jobs()).toBe(jobsBefore);
    expect(await db().select().from(auditLog).where(eq(auditLog.actorUserId, admin.id))).toEqual([]);

    expect(unwrap(await publishPolicy(reauthed(admin, at(T1, -(5 * MIN - 1000))), valid, T1))).toMatchObject({ version: valid.version });
    expect(await jobs()).toBe(jobsBefore + 1);
  });
});
