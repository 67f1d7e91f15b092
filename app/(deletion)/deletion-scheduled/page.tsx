import { Link } from '@/components/ui/link';
import { redirect } from 'next/navigation';
import { AuthCard } from '@/components/auth/auth-card';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { formatDate } from '@/lib/deletion';
import { currentSession } from '@/server/auth/current';
import { deletionSchedule } from '@/server/privacy/deletion';
import { keepAccountAction, signOutScheduledAction } from '../actions';

export const metadata = { title: 'Your account is scheduled for deletion' };

/**
 * Where a scheduled account lands after signing in (requireUser sends every
 * account page here): the purge date, "Keep my account" and sign out. Nothing
 * else of the account is usable until it is kept.
 */
export default async function DeletionScheduledPage({ searchParams }: { searchParams: Promise<{ kept?: string }> }) {
  const s = await currentSession();
  const { kept } = await searchParams;
  if (s.state === 'active') {
    if (kept !== '1') redirect('/account');
    return (
      <AuthCard title="Your account is kept">
        <div className="flex flex-col gap-4">
          <Alert tone="success">Your account will not be deleted. We emailed you to confirm.</Alert>
          <p className="text-slate-700">
            Marketing emails stay off: we stopped them when you asked to delete your account. If you want them again, turn them on in{' '}
            <Link href="/account/communications" className="text-brand-700 underline underline-offset-2">
              Communications
            </Link>
            .
          </p>
          <p>
            <Link href="/account" className="inline-flex min-h-11 items-center rounded-md bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800">
              Go to your account
            </Link>
          </p>
        </div>
      </AuthCard>
    );
  }
  if (s.state !== 'scheduled') redirect('/sign-in');
  const schedule = await deletionSchedule(s.user.id);
  return (
    <AuthCard title="Your account is scheduled for deletion">
      <div className="flex flex-col gap-4">
        <p className="text-slate-700">
          You asked us to delete the account <span className="font-medium text-slate-900">{s.user.username}</span>.{' '}
          {schedule ? (
            <>
              We will delete it on <strong data-testid="purge-date" className="whitespace-nowrap">{formatDate(schedule.purgeAfter)}</strong>.
            </>
          ) : (
            'We will delete it soon.'
          )}
        </p>
        <p className="text-slate-700">Until then you can change your mind. While it is scheduled, nothing else in the account can be used or changed.</p>
        <p className="text-slate-700">Keeping your account does not turn marketing emails back on; you can do that yourself afterwards.</p>
        <div className="flex flex-wrap gap-3">
          <form action={keepAccountAction} method="post">
            <Button type="submit">Keep my account</Button>
          </form>
          <form action={signOutScheduledAction} method="post">
            <Button type="submit" variant="secondary">
              Sign out
            </Button>
          </form>
        </div>
      </div>
    </AuthCard>
  );
}
