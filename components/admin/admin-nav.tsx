'use client';
import type { Route } from 'next';
import { Link } from '@/components/ui/link';
import { usePathname } from 'next/navigation';

/** The staff area's sections; "Staff" (role management), campaigns and the privacy policy are for admins only. */
export function AdminNav({ isAdmin }: { isAdmin: boolean }) {
  const pathname = usePathname();
  const link = (href: Route, label: string) => ({ href, label });
  const links = [
    link('/admin', 'Overview'),
    link('/admin/reports', 'Reports'),
    link('/admin/messages', 'Messages'),
    // Staff too: they take customers' requests by phone and post, and can only withdraw consent.
    link('/admin/communications', 'Customer email'),
    ...(isAdmin ? [link('/admin/staff', 'Staff')] : []),
    link('/admin/analytics', 'Analytics'),
    ...(isAdmin
      ? [
          link('/admin/campaigns', 'Campaigns'),
          link('/admin/policy', 'Privacy policy'),
        ]
      : []),
  ];
  return (
    <nav aria-label="Staff sections" className="border-b border-slate-200 bg-white">
      <ul className="mx-auto flex max-w-6xl flex-wrap gap-1 px-4">
        {links.map((l) => {
          const current = l.href === '/admin' ? pathname === '/admin' : pathname === l.href || pathname.startsWith(`${l.href}/`);
          return (
            <li key={l.href}>
              <Link
                href={l.href}
                aria-current={current ? 'page' : undefined}
                className={`inline-flex min-h-11 items-center border-b-2 px-3 ${current ? 'border-brand-700 font-semibold text-brand-800' : 'border-transparent text-slate-800 hover:bg-slate-100'}`}
              >
                {l.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
