import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { auditLog, users } from '@/db/schema';
import { updateProfile } from '../account/profile';
import { accessLog } from './common';
import { answerReport } from './customer';
import { listQueue } from './queue';
import { addInternalNote, approveReport, claimReport, extendDeadline, getReportForStaff, reassignReport, rejectReport, releaseReport, requestInformation } from './staff';
import { at, auditOf, HOUR, newUser, raiseVerified, unwrap } from './test-helpers';
import { DEFAULT_QUEUE_FILTERS } from '@/lib/reports';

const T0 = new Date('2030-08-01T09:00:00Z');

describe('audit log', () => {
  it('every staff view and action writes an entry: who, role, what, whose data, which report, when', async () => {
    const u = await newUser();
    await updateProfile(u.id, 1, { fullName: 'Alan Turning' }, undefined, T0);
    const s = await newUser({ role: 'staff' });
    const admin = await newUser({ role: 'admin' });
    const id = await raiseVerified(u, { item: 'profile.fullName', proposedValue: 'Alan Turing' }, T0);
    // The queue shows no customer data (item names and dates only): not an access.
    await listQueue(s.actor, DEFAULT_QUEUE_FILTERS, null, T0);
    expect(await auditOf(id)).toEqual([]);

    let t = 0;
    const next = () => at(T0, ++t * HOUR);
    expect(await getReportForStaff(s.actor, id, next())).not.toBeNull();
    unwrap(await claimReport(s.actor, id, next()));
    unwrap(await addInternalNote(s.actor, id, { note: 'Looks like a typo.' }, next()));
    unwrap(await requestInformation(s.actor, id, { question: 'Is it Turing?' }, next()));
    unwrap(await answerReport(u.actor, id, { answer: 'Yes.' }, next()));
    unwrap(await extendDeadline(s.actor, id, { days: 5, reason: 'Checking records.' }, next()));
    unwrap(await releaseReport(s.actor, id, next()));
    unwrap(await reassignReport(admin.actor, id, { staffId: s.id }, next()));
    unwrap(await approveReport(s.actor, id, {}, next()));
    const rows = await auditOf(id);
    expect(rows.map((r) => [r.action, r.actorUserId, r.actorRole, r.subjectUserId, r.reason])).toEqual([
      ['report.viewed', s.id, 'staff', u.id, `Report #${id}`],
      ['report.claimed', s.id, 'staff', u.id, `Report #${id}`],
      ['report.noted', s.id, 'staff', u.id, `Report #${id}`],
      ['report.information_requested', s.id, 'staff', u.id, `Report #${id}`],
      ['report.extended', s.id, 'staff', u.id, `Report #${id}: Checking records.`],
      ['report.released', s.id, 'staff', u.id, `Report #${id}`],
      ['report.reassigned', admin.id, 'admin', u.id, `Report #${id}`],
      ['report.approved', s.id, 'staff', u.id, `Report #${id}`],
    ]);
    // Times are the action times, in order; the customer's own answer is not a staff access.
    expect(rows.map((r) => r.at.getTime())).toEqual([...rows.map((r) => r.at.getTime())].sort((a, b) => a - b));

    // "Who accessed your information": role, never a name; newest first.
    const log = await accessLog(u.id);
    expect(log.map((e) => [e.role, e.action, e.reason])).toEqual(rows.map((r) => [r.actorRole, r.action, r.reason]).reverse());
    expect(JSON.stringify(log)).not.toContain(s.username);
    expect(JSON.stringify(log)).not.toContain(s.id);
  });

  it('a rejected report is audited too; a refused call writes nothing', async () => {
    const u = await newUser();
    const s = await newUser({ role: 'staff' });
    const other = await newUser({ role: 'staff' });
    const id = await raiseVerified(u, { item: 'profile.city', proposedValue: 'Bath' }, T0);
    unwrap(await claimReport(s.actor, id, T0));
    expect((await rejectReport(other.actor, id, { reason: 'no' }, T0)).ok).toBe(false);
    expect(await getReportForStaff(u.actor, id, T0)).toBeNull();
    expect((await auditOf(id)).map((r) => r.action)).toEqual(['report.claimed']);
    unwrap(await rejectReport(s.actor, id, { reason: 'We checked: Bath is not your town.' }, T0));
    expect((await auditOf(id)).map((r) => r.action)).toEqual(['report.claimed', 'report.rejected']);
  });

  it('is append-only in the database: UPDATE, DELETE and TRUNCATE are refused', async () => {
    const u = await newUser();
    const s = await newUser({ role: 'staff' });
    const id = await raiseVerified(u, { item: 'profile.city', proposedValue: 'Bath' }, T0);
    await getReportForStaff(s.actor, id, T0);
    const [row] = await auditOf(id);
    const db = getDb();
    const refused = async (q: Promise<unknown>) => {
      const e = await q.then(
        () => null,
        (err: unknown) => err as { cause?: { message?: string; code?: string } },
      );
      expect(e?.cause?.message).toMatch(/audit_log is append-only: (UPDATE|DELETE|TRUNCATE) refused/);
      expect(e?.cause?.code).toBe('42501');
    };
    await refused(db.update(auditLog).set({ reason: 'nothing to see' }).where(eq(auditLog.id, row!.id)));
    await refused(db.delete(auditLog).where(eq(auditLog.id, row!.id)));
    await refused(db.execute(sql`truncate audit_log`));
    await refused(db.execute(sql`delete from audit_log`));
    expect((await auditOf(id))[0]).toEqual(row);
    // Deleting the customer or the staff member cannot rewrite it either (no foreign keys to cascade).
    await db.delete(users).where(eq(users.id, s.id));
    await db.delete(users).where(eq(users.id, u.id));
    expect((await auditOf(id))[0]).toEqual(row);
  });
});
