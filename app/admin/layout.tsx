import { Link } from '@/components/ui/link';
import type { ReactNode } from 'react';
import { SiteHeader } from '@/components/site-header';
import { IdleTimeout } from '@/components/account/idle-timeout';
import { AdminNav } from '@/components/admin/admin-nav';
import { Providers } from '@/components/providers';
import { requireStaffAccount } from '@/server/auth/current';
import { isMultiFactorSession } from '@/server/auth/factors';
import { env } from '@/server/env';

export const metadata = { title: { default: 'Staff', template: '%s · Staff · Account Center' } };

/**
 * Staff-only: anyone else gets the ordinary 404 page, with no hint that this
 * exists. A staff session without two steps sees no staff navigation; every
 * page but the enrolment page sends it there itself (requireStaff), since pages
 * render alongside their layout and must not rely on it.
 */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const { user, session, expiresAt } = await requireStaffAccount();
  const enrolled = isMultiFactorSession(session);
  // React Query (the idle dialog's status poll, the queue, campaign progress) only under the layouts whose pages use it.
  return (
    <Providers>
    <div className="min-h-dvh">
      <SiteHeader home="/admin" title="Account Center · Staff" tone="staff">
        <span>
          {user.username} ({user.role})
        </span>
        <Link href="/account" className="underline underline-offset-2">
          Back to my account
        </Link>
      </SiteHeader>
      {enrolled && <AdminNav isAdmin={user.role === 'admin'} />}
      <main id="main" className="mx-auto max-w-6xl px-4 py-6">
        {children}
      </main>
      <IdleTimeout initialExpiresAt={expiresAt.toISOString()} warnSeconds={env().IDLE_WARNING_SECONDS} />
    </div>
    </Providers>
  );
}
