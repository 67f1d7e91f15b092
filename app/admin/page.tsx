import type { Route } from 'next';
import { Link } from '@/components/ui/link';
import { requireStaff } from '@/server/auth/current';

export const metadata = { title: 'Overview' };

const AREAS: { href: Route; label: string; what: string; admin: boolean }[] = [
  { href: '/admin/reports', label: 'Inaccuracy reports', what: 'Claim, review and answer customers’ reports of inaccurate information within 30 days.', admin: false },
  { href: '/admin/messages', label: 'Messages', what: 'Answer what customers and visitors wrote through the contact form within 30 days.', admin: false },
  { href: '/admin/communications', label: 'Customer email', what: 'Unsubscribe a customer at their request (by phone or post). Staff can only withdraw consent, never give it.', admin: false },
  { href: '/admin/analytics', label: 'Analytics', what: 'Anonymous page statistics: views, time on page, referrers.', admin: false },
  { href: '/admin/staff', label: 'Staff', what: 'Give and remove staff access.', admin: true },
  { href: '/admin/campaigns', label: 'Campaigns', what: 'Send a promotional email to the customers who subscribed to one topic.', admin: true },
  { href: '/admin/policy', label: 'Privacy policy', what: 'Publish a new version; customers are emailed and asked to acknowledge it.', admin: true },
];

export default async function AdminHome() {
  const { user } = await requireStaff();
  const areas = AREAS.filter((a) => !a.admin || user.role === 'admin');
  return (
    <section aria-labelledby="admin-title" className="flex flex-col gap-6">
      <div>
        <h1 id="admin-title" className="text-2xl font-semibold">
          Staff area
        </h1>
        <p className="mt-2 max-w-prose text-slate-700">
          Signed in as {user.username}. Staff sessions time out after a short time without activity. Every time you look at or change a customer’s information it is
          logged, and the customer sees it (your role, the time, what).
        </p>
      </div>
      <ul className="grid gap-4 sm:grid-cols-2">
        {areas.map((a) => (
          <li key={a.href} className="rounded-xl border border-slate-200 bg-white p-4">
            <Link href={a.href} className="font-semibold text-brand-700 underline underline-offset-2">
              {a.label}
            </Link>
            <p className="mt-1 text-sm text-slate-700">{a.what}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
