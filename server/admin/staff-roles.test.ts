import { and, eq, isNull } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { auditLog, sessions, users } from '@/db/schema';
import { createSession } from '../auth/sessions';
import { demoteStaff, listStaff, promoteToStaff } from '@/test/vitest/use-cases/staff-roles';
import { claimReport } from '@/test/vitest/use-cases/reports-staff';
import { at, MIN, mailsTo, NEEDS_REAUTH_RESULT, newUser, notFreshFor, raiseVerified, reauthed, reportRow, snapshot, unwrap } from '@/test/vitest/reports';

const T0 = new Date('2030-09-01T09:00:00Z');
const userRow = async (id: string) => (await getDb().select().from(users).where(eq(users.id, id)))[0]!;
const liveSessions = (userId: string) => getDb().select().from(sessions).where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));

describe('staff roles', () => {
  it('an admin promotes a customer to staff: PIN removed, signed out everywhere, told by email, audited', async () => {
    const admin = await newUser({ role: 'admin' });
    const c = await newUser({ mobile: '+447700900333', pin: true });
    await createSession(getDb(), { userId: c.id, method: 'pin', ip: null, userAgent: null }, T0);
    const r = await promoteToStaff(reauthed(admin, T0), { user: c.username.toUpperCase(), role: 'staff', reason: 'Joined the support team' }, T0);
    expect(r).toEqual({ ok: true, data: { userId: c.id, username: c.username } });
    expect(await userRow(c.id)).toMatchObject({ role: 'staff', pinHash: null, mobile: '+447700900333' });
    expect(await liveSessions(c.id)).toEqual([]);
    const mail = (await mailsTo(c.id)).at(-1)!;
    expect(mail.subject).toBe('Your account role was changed');
    expect(mail.text).toContain('your PIN was removed');
    const [entry] = await getDb().select().from(auditLog).where(eq(auditLog.subjectUserId, c.id));
    expect(entry).toMatchObject({ actorUserId: admin.id, actorRole: 'admin', action: 'staff.promoted', reason: 'customer → staff: Joined the support team' });
    expect((await listStaff(admin.actor))!.map((s) => s.id)).toContain(c.id);
    // Found by email too.
    const d = await newUser();
    unwrap(await promoteToStaff(reauthed(admin, T0), { user: d.email, role: 'admin', reason: 'Team lead' }, T0));
    expect((await userRow(d.id)).role).toBe('admin');
  });

  it('staff cannot promote anyone, themselves included; customers and nobody neither; admins cannot change their own role', async () => {
    const admin = await newUser({ role: 'admin' });
    const staff = await newUser({ role: 'staff' });
    const c = await newUser();
    const before = await snapshot();
    const refusals = [
      [await promoteToStaff(staff.actor, { user: staff.username, role: 'admin', reason: 'me' }, T0), { ok: false, formError: 'Only administrators can change roles.' }],
      [await promoteToStaff(staff.actor, { user: c.username, role: 'staff', reason: 'help' }, T0), { ok: false, formError: 'Only administrators can change roles.' }],
      [await promoteToStaff(c.actor, { user: c.username, role: 'staff', reason: 'me' }, T0), { ok: false, formError: 'Only administrators can change roles.' }],
      [await promoteToStaff(null, { user: c.username, role: 'staff', reason: 'x' }, T0), { ok: false, formError: 'Your session has ended. Sign in again to continue.' }],
      [await promoteToStaff(reauthed(admin, T0), { user: admin.username, role: 'staff', reason: 'x' }, T0), { ok: false, fieldErrors: { user: ['You cannot change your own role.'] } }],
      [await promoteToStaff(reauthed(admin, T0), { user: 'nobody-at-all', role: 'staff', reason: 'x' }, T0), { ok: false, fieldErrors: { user: ['No account has that username or email address.'] } }],
      [await promoteToStaff(reauthed(admin, T0), { user: staff.username, role: 'staff', reason: 'x' }, T0), { ok: false, fieldErrors: { user: [`${staff.username} is already staff.`] } }],
      [await promoteToStaff(reauthed(admin, T0), { user: c.username, role: 'customer', reason: 'x' }, T0), { ok: false, fieldErrors: { role: ['Choose a role'] } }],
      [await promoteToStaff(reauthed(admin, T0), { user: c.username, role: 'staff', reason: '' }, T0), { ok: false, fieldErrors: { reason: ['Enter a reason'] } }],
      [await demoteStaff(reauthed(admin, T0), { userId: admin.id, reason: 'x' }, T0), { ok: false, formError: 'You cannot change your own role.' }],
      [await demoteStaff(staff.actor, { userId: admin.id, reason: 'x' }, T0), { ok: false, formError: 'Only administrators can change roles.' }],
      [await demoteStaff(reauthed(admin, T0), { userId: c.id, reason: 'x' }, T0), { ok: false, formError: 'That person is not staff.' }],
      [await demoteStaff(reauthed(admin, T0), { userId: 'not-a-uuid', reason: 'x' }, T0), { ok: false, fieldErrors: { userId: ['That person was not found.'] } }],
    ] as const;
    for (const [got, want] of refusals) expect(got).toEqual(want);
    expect(await listStaff(staff.actor)).toBeNull();
    expect(await snapshot()).toEqual(before);
  });

  it('demoting releases their claims back to the queue and signs them out', async () => {
    const admin = await newUser({ role: 'admin' });
    const staff = await newUser({ role: 'staff' });
    const c = await newUser();
    const id = await raiseVerified(c, { item: 'profile.city', proposedValue: 'Hull' }, T0);
    unwrap(await claimReport(staff.actor, id, T0));
    await createSession(getDb(), { userId: staff.id, method: 'password', ip: null, userAgent: null }, T0);
    unwrap(await demoteStaff(reauthed(admin, T0), { userId: staff.id, reason: 'Left the team' }, T0));
    expect((await userRow(staff.id)).role).toBe('customer');
    expect(await reportRow(id)).toMatchObject({ claimedBy: null, status: 'in_review' });
    expect(await liveSessions(staff.id)).toEqual([]);
    // Their old session's actor is no longer staff, whatever it claims.
    expect(await claimReport({ ...staff.actor, role: 'staff' }, id, T0)).toEqual({ ok: false, formError: 'Only staff can do this.' });
  });

  it('promoting and demoting need a password re-authentication in the last 5 minutes; without one nothing changes', async () => {
    const admin = await newUser({ role: 'admin' });
    const c = await newUser({ pin: true });
    const staff = await newUser({ role: 'staff' });
    const before = await snapshot();
    for (const [state, actor] of notFreshFor(admin, T0)) {
      expect(await promoteToStaff(actor, { user: c.username, role: 'staff', reason: 'Joins' }, T0), state).toEqual(NEEDS_REAUTH_RESULT);
      expect(await demoteStaff(actor, { userId: staff.id, reason: 'Leaves' }, T0), state).toEqual(NEEDS_REAUTH_RESULT);
    }
    expect(await snapshot()).toEqual(before);
    expect(await userRow(c.id)).toMatchObject({ role: 'customer', pinHash: 'pin-hash' });
    expect(await mailsTo(c.id)).toEqual([]);

    // Re-entered the password 4 minutes 59 seconds ago: both go ahead.
    const fresh = reauthed(admin, at(T0, -(5 * MIN - 1000)));
    expect(unwrap(await promoteToStaff(fresh, { user: c.username, role: 'staff', reason: 'Joins' }, T0))).toMatchObject({ userId: c.id });
    expect(unwrap(await demoteStaff(fresh, { userId: staff.id, reason: 'Leaves' }, T0))).toEqual({ userId: staff.id });
    expect((await userRow(staff.id)).role).toBe('customer');
  });

  it('a non-admin hears "admins only" whether or not they re-authenticated (the check comes after the role)', async () => {
    const staff = await newUser({ role: 'staff' });
    const c = await newUser();
    expect(await promoteToStaff(reauthed(staff, T0), { user: c.username, role: 'staff', reason: 'x' }, T0)).toEqual({ ok: false, formError: 'Only administrators can change roles.' });
    expect(await promoteToStaff(staff.actor, { user: c.username, role: 'staff', reason: 'x' }, T0)).toEqual({ ok: false, formError: 'Only administrators can change roles.' });
  });
});
