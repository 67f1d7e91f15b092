import { Link } from '@/components/ui/link';
import type { ReactNode } from 'react';
import { SiteHeader } from '@/components/site-header';
import { AccountNav } from '@/components/account/account-nav';
import { IdleTimeout } from '@/components/account/idle-timeout';
import { PolicyNotice } from '@/components/privacy/policy-notice';
import { Button } from '@/components/ui/button';
import { requireUser } from '@/server/auth/current';
import { isStaffRole } from '@/server/auth/sessions';
import { env } from '@/server/env';
import { signOutAction } from './actions';

export default async function AccountLayout({ children }: { children: ReactNode }) {
  // The session load brings the policy notice too: no query of its own.
  const { user, expiresAt, notice } = await requireUser();
  // No React Query here: the idle warning polls without it, and the pages whose lists use it (security, communications) bring their own <Providers>.
  return (
    <div className="min-h-dvh">
      <SiteHeader home="/account">
        <div className="flex items-center gap-3">
          <span className="hidden text-slate-700 sm:inline">
            Signed in as <span className="font-medium text-slate-900">{user.username}</span>
          </span>
          {isStaffRole(user.role) && (
            <Link href="/admin" className="text-brand-700 underline underline-offset-2">
              Staff area
            </Link>
          )}
          <form action={signOutAction}>
            <Button type="submit" variant="secondary">
              Sign out
            </Button>
          </form>
        </div>
      </SiteHeader>
      {notice && (
        <div className="mx-auto max-w-6xl px-4 pt-4">
          <PolicyNotice id={notice.id} version={notice.version} summary={notice.summary} />
        </div>
      )}
      <div className="mx-auto flex max-w-6xl flex-col gap-6 px-4 py-6 md:flex-row">
        <AccountNav />
        <main id="main" className="min-w-0 flex-1">
          {children}
        </main>
      </div>
      <IdleTimeout initialExpiresAt={expiresAt.toISOString()} warnSeconds={env().IDLE_WARNING_SECONDS} />
    </div>
  );
}
