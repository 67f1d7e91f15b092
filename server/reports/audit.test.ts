import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { APP_ROLE } from '@/db/roles';
import { ownerSql } from '@/scripts/testing/owner-db';
import { auditLog, users } from '@/db/schema';
import { updateProfile } from '@/test/vitest/use-cases/profile';
import { accessLog } from '../core/audit';
import { answerReport } from '@/test/vitest/use-cases/reports-customer';
import { listQueue } from './queue';
import { addInternalNote, approveReport, claimReport, extendDeadline, getReportForStaff, reassignReport, rejectReport, releaseReport, requestInformation } from '@/test/vitest/use-cases/reports-staff';
import { at, auditOf, HOUR, newUser, raiseVerified, unwrap } from '@/test/vitest/reports';
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
    const log = await accessLog(getDb(), u.id);
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

  it('is append-only in the database: even its owner meets the trigger on UPDATE, DELETE and TRUNCATE', async () => {
    const u = await newUser();
    const s = await newUser({ role: 'staff' });
    const id = await raiseVerified(u, { item: 'profile.city', proposedValue: 'Bath' }, T0);
    await getReportForStaff(s.actor, id, T0);
    const [row] = await auditOf(id);
    // The owner (who ran the migrations) has every privilege on the table; the trigger still refuses.
    const owner = ownerSql();
    const refused = async (q: Promise<unknown>) => {
      const e = (await q.then(
        () => null,
        (err: unknown) => err,
      )) as { message?: string; code?: string } | null;
      expect(e?.message).toMatch(/audit_log is append-only: (UPDATE|DELETE|TRUNCATE) refused/);
      expect(e?.code).toBe('42501');
    };
    await refused(owner`update audit_log set reason = 'nothing to see' where id = ${row!.id}`);
    await refused(owner`delete from audit_log where id = ${row!.id}`);
    await refused(owner`truncate audit_log`);
    // The old bypass setting of migration 0006 means nothing now; the new one works only inside the redaction function.
    await refused(owner.begin((tx) => [tx`select set_config('app.purge_user', ${u.id}, true)`, tx`update audit_log set reason = null where id = ${row!.id}`]));
    expect((await auditOf(id))[0]).toEqual(row);
    // Deleting the customer or the staff member cannot rewrite it either (no foreign keys to cascade).
    await getDb().delete(users).where(eq(users.id, s.id));
    await getDb().delete(users).where(eq(users.id, u.id));
    expect((await auditOf(id))[0]).toEqual(row);
  });
});

describe("the app's database role and the audit log", () => {
  /** The Postgres error a statement run as the app (getDb: DATABASE_URL) ends in, or null if it succeeded. */
  const errorOf = async (q: Promise<unknown>) =>
    q.then(
      () => null,
      (err: unknown) => {
        const e = err as { cause?: { code?: string; message?: string }; code?: string; message?: string };
        return { code: e.cause?.code ?? e.code, message: e.cause?.message ?? e.message };
      },
    );
  const app = (statement: string) => errorOf(getDb().execute(sql.raw(statement)));

  async function auditedCustomer() {
    const u = await newUser();
    const s = await newUser({ role: 'staff' });
    const id = await raiseVerified(u, { item: 'profile.city', proposedValue: 'Bath' }, T0);
    await getReportForStaff(s.actor, id, T0);
    const [row] = await auditOf(id);
    expect(row?.reason).toBe(`Report #${id}`);
    return { u, id, row: row! };
  }

  it('the app connects as account_center_app, which is no superuser and owns no table', async () => {
    const [me] = await getDb().execute<{ role: string; superuser: boolean; owned: number }>(sql`
      select current_user as role, (select rolsuper from pg_roles where rolname = current_user) as superuser,
        (select count(*)::int from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname in ('public', 'pgboss', 'drizzle') and pg_has_role(current_user, c.relowner, 'USAGE')) as owned`);
    expect(me).toEqual({ role: APP_ROLE, superuser: false, owned: 0 });
  });

  it('cannot drop, truncate, alter or re-trigger audit_log, nor turn triggers off', async () => {
    const { id, row } = await auditedCustomer();
    const refusals = {
      drop: await app('drop table audit_log'),
      truncate: await app('truncate audit_log'),
      disableTrigger: await app('alter table audit_log disable trigger audit_log_no_update_delete'),
      disableAllTriggers: await app('alter table audit_log disable trigger all'),
      dropTrigger: await app('drop trigger audit_log_no_update_delete on audit_log'),
      replaceTriggerFunction: await app(`create or replace function audit_log_refuse_change() returns trigger language plpgsql as $$ begin return new; end $$`),
      replicationRole: await app('set session_replication_role = replica'),
      rename: await app('alter table audit_log rename to audit_log_old'),
      newTable: await app('create table audit_log_copy (id int)'),
    };
    for (const [what, e] of Object.entries(refusals)) expect(e?.code, what).toBe('42501');
    expect(refusals.drop?.message).toBe('must be owner of table audit_log');
    expect(refusals.truncate?.message).toBe('permission denied for table audit_log');
    expect(refusals.disableTrigger?.message).toBe('must be owner of table audit_log');
    // Refused before ownership is even checked: the app may create nothing in the schema.
    expect(refusals.replaceTriggerFunction?.message).toMatch(/permission denied for schema public|must be owner of function audit_log_refuse_change/);
    expect((await auditOf(id))[0]).toEqual(row);
  });

  it('cannot update or delete a row, with or without the purge bypass setting', async () => {
    const { u, id, row } = await auditedCustomer();
    expect(await errorOf(getDb().update(auditLog).set({ reason: null }).where(eq(auditLog.id, row.id)))).toEqual({ code: '42501', message: 'permission denied for table audit_log' });
    expect(await errorOf(getDb().delete(auditLog).where(eq(auditLog.id, row.id)))).toEqual({ code: '42501', message: 'permission denied for table audit_log' });
    // Any session may set a custom setting; neither the old bypass (0006) nor the new flag gets an UPDATE through.
    for (const setting of ['app.purge_user', 'account_center.audit_redaction']) {
      const e = await errorOf(
        getDb().transaction(async (tx) => {
          await tx.execute(sql`select set_config(${setting}, ${u.id}, true)`);
          await tx.update(auditLog).set({ reason: null }).where(eq(auditLog.subjectUserId, u.id));
        }),
      );
      expect(e, setting).toEqual({ code: '42501', message: 'permission denied for table audit_log' });
    }
    expect((await auditOf(id))[0]).toEqual(row);
  });

  it('the redaction function blanks reasons only of an account scheduled for deletion, and only reasons', async () => {
    const { u, id, row } = await auditedCustomer();
    const redact = () => errorOf(getDb().execute(sql`select audit_log_redact_for_purge(${u.id}::uuid)`));
    expect(await redact()).toEqual({ code: '42501', message: 'audit_log redaction refused: the account is not being purged' });
    expect((await auditOf(id))[0]).toEqual(row);
    await getDb().update(users).set({ status: 'scheduled_for_deletion' }).where(eq(users.id, u.id));
    expect(await redact()).toBeNull();
    expect((await auditOf(id))[0]).toEqual({ ...row, reason: null });
    // It sets its flag for its own UPDATE only: the app cannot reuse it afterwards in the same transaction.
    const e = await errorOf(
      getDb().transaction(async (tx) => {
        await tx.execute(sql`select audit_log_redact_for_purge(${u.id}::uuid)`);
        await tx.update(auditLog).set({ action: 'report.rewritten' }).where(eq(auditLog.id, row.id));
      }),
    );
    expect(e?.code).toBe('42501');
  });

  it('appends as before: staff views and actions are still written', async () => {
    const { id } = await auditedCustomer();
    expect((await auditOf(id)).map((r) => r.action)).toEqual(['report.viewed']);
  });
});
