import { StaffConsents } from '@/components/admin/staff-consents';
import { requireStaff } from '@/server/auth/current';

export const metadata = { title: 'Customer email choices' };

/** Staff and admins: withdraw a customer's email consent when they ask by phone or post. */
export default async function StaffCommunicationsPage() {
  await requireStaff();
  return (
    <div className="flex max-w-3xl flex-col gap-4">
      <div>
        <h1 className="text-2xl font-semibold">Customer email choices</h1>
        <p className="mt-1 text-slate-700">
          When a customer asks by phone or post to stop promotional email, look them up and withdraw what they asked for. You can only take consent away: customers
          subscribe themselves. Every look-up and change is shown to the customer in their access log.
        </p>
      </div>
      <StaffConsents />
    </div>
  );
}
