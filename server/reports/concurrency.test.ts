import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { auditLog, profileChanges, reportEvents } from '@/db/schema';
import { getProfile, updateProfile } from '@/test/vitest/use-cases/profile';
import { approveReport, claimNext, claimReport, reassignReport } from '@/test/vitest/use-cases/reports-staff';
import { newUser, raiseVerified, reportRow, unwrap, type TestUser } from '@/test/vitest/reports';

// Enough connections that the parallel transactions really run at once rather than queue for the pool.
process.env.DATABASE_POOL_MAX = '30';

const T0 = new Date('2030-07-01T09:00:00Z');

async function reportsFor(n: number) {
  const ids: number[] = [];
  const owners: TestUser[] = [];
  for (let i = 0; i < n; i++) {
    const u = await newUser();
    await updateProfile(u.id, 1, { fullName: `Name ${i}` }, undefined, T0);
    owners.push(u);
    ids.push(await raiseVerified(u, { item: 'profile.fullName', proposedValue: `Corrected ${i}` }, T0));
  }
  return { ids, owners };
}

describe('claims under concurrency (FOR UPDATE SKIP LOCKED)', () => {
  it('20 concurrent claims on 10 reports: each report is claimed exactly once', async () => {
    const { ids } = await reportsFor(10);
    const staff = await Promise.all(Array.from({ length: 20 }, () => newUser({ role: 'staff' })));
    // Two reviewers race for every report, all at the same time.
    const results = await Promise.all(staff.map((s, i) => claimReport(s.actor, ids[i % 10], T0).then((r) => ({ r, s, id: ids[i % 10]! }))));
    const winners = results.filter((x) => x.r.ok);
    expect(winners).toHaveLength(10);
    expect(new Set(winners.map((w) => w.id)).size).toBe(10);
    for (const id of ids) {
      const row = await reportRow(id);
      const winner = winners.find((w) => w.id === id)!;
      expect(row).toMatchObject({ status: 'in_review', claimedBy: winner.s.id });
      const claims = await getDb().select().from(auditLog).where(and(eq(auditLog.reportId, id), eq(auditLog.action, 'report.claimed')));
      expect(claims).toHaveLength(1);
      const statusEvents = await getDb().select().from(reportEvents).where(and(eq(reportEvents.reportId, id), eq(reportEvents.status, 'in_review')));
      expect(statusEvents).toHaveLength(1);
    }
    // The losers were told, not left waiting: either who holds it, or that someone is taking it right now.
    for (const l of results.filter((x) => !x.r.ok)) {
      expect(l.r).toMatchObject({ ok: false, formError: expect.stringMatching(/is reviewing this report|Another reviewer is claiming this report right now/) });
    }
  });

  it('20 concurrent "claim next" on 10 reports: 10 distinct reports handed out, 10 reviewers get none', async () => {
    // Only this test's reports are unassigned in the queue now (the previous test claimed its own).
    const { ids } = await reportsFor(10);
    const staff = await Promise.all(Array.from({ length: 20 }, () => newUser({ role: 'staff' })));
    const results = await Promise.all(staff.map((s) => claimNext(s.actor, T0)));
    const got = results.map((r) => unwrap(r)?.id).filter((id): id is number => id !== undefined);
    expect(got.sort()).toEqual([...ids].sort());
    expect(results.filter((r) => r.ok && r.data === null)).toHaveLength(10);
  });
});

describe('decisions under concurrency', () => {
  it('two staff approving the same report at once: exactly one correction is applied', async () => {
    const { ids, owners } = await reportsFor(1);
    const id = ids[0]!;
    const a = await newUser({ role: 'staff' });
    const admin = await newUser({ role: 'admin' });
    unwrap(await claimReport(a.actor, id, T0));
    const results = await Promise.all([approveReport(a.actor, id, {}, T0), approveReport(admin.actor, id, {}, T0), approveReport(a.actor, id, {}, T0)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const changes = await getDb().select().from(profileChanges).where(and(eq(profileChanges.userId, owners[0]!.id), eq(profileChanges.reportId, id)));
    expect(changes).toHaveLength(1);
    expect(await getProfile(owners[0]!.id)).toMatchObject({ fullName: 'Corrected 0', version: 3 });
    expect((await reportRow(id)).status).toBe('corrected');
  });

  it('the claim moving between two approvals: the reviewer who lost it cannot apply it', async () => {
    const { ids, owners } = await reportsFor(5);
    const a = await newUser({ role: 'staff' });
    const b = await newUser({ role: 'staff' });
    const admin = await newUser({ role: 'admin' });
    for (const id of ids) unwrap(await claimReport(a.actor, id, T0));
    // For each report: a approves, b approves, and the admin hands it to b, all at once.
    const rounds = await Promise.all(
      ids.map(async (id) => {
        const [ra, rb] = await Promise.all([approveReport(a.actor, id, {}, T0), approveReport(b.actor, id, {}, T0), reassignReport(admin.actor, id, { staffId: b.id }, T0)]);
        return [ra, rb].filter((r) => r.ok).length;
      }),
    );
    // Never two corrections; at most one per report (b may be refused if a had not yet lost the claim).
    for (const n of rounds) expect(n).toBeLessThanOrEqual(1);
    for (const [i, id] of ids.entries()) {
      const changes = await getDb().select().from(profileChanges).where(and(eq(profileChanges.userId, owners[i]!.id), eq(profileChanges.reportId, id)));
      expect(changes.length).toBe(rounds[i]);
    }
  });
});
