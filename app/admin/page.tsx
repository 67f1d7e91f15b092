import { requireStaff } from '@/server/auth/current';

export const metadata = { title: 'Overview' };

export default async function AdminHome() {
  const { user } = await requireStaff();
  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title" className="text-2xl font-semibold">
        Staff area
      </h1>
      <p className="mt-2 max-w-prose text-slate-700">
        Signed in as {user.username}. Staff sessions time out after a short time without activity. The review queue for inaccuracy reports, staff roles, analytics,
        policy versions and campaigns will appear here as they are built; every staff view of customer data will be logged and shown to the customer.
      </p>
    </section>
  );
}
