import { notFound } from 'next/navigation';
import { StaffRoles } from '@/components/reports/staff-roles';
import { requireStaff } from '@/server/auth/current';
import { actorOf } from '@/server/core/actor';
import { listStaff } from '@/server/admin/staff-roles';

export const metadata = { title: 'Staff' };

/** Admins only: staff members see the same 404 as customers. */
export default async function StaffPage() {
  const session = await requireStaff();
  const members = await listStaff(actorOf(session));
  if (!members) notFound();
  return (
    <div className="flex max-w-3xl flex-col gap-4">
      <div>
        <h1 className="text-2xl font-semibold">Staff</h1>
        <p className="mt-1 text-slate-700">Who can see customers’ reports. Every change of role is recorded in the audit log.</p>
      </div>
      <StaffRoles members={members} me={session.user.id} />
    </div>
  );
}
