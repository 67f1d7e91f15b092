import { Link } from '@/components/ui/link';
import { TwoStep } from '@/components/security/two-step';
import { getDb } from '@/server/core/db';
import { requireStaffAccount } from '@/server/auth/current';
import { isMultiFactorSession, twoFactorView } from '@/server/auth/factors';

export const metadata = { title: 'Set up two-step sign-in' };

/** The one staff page a session without two steps can reach: set up an authenticator app or a passkey. */
export default async function StaffTwoStepPage() {
  const { user, session } = await requireStaffAccount();
  const enrolled = isMultiFactorSession(session);
  const view = await twoFactorView(getDb(), user.id);
  return (
    <div className="flex max-w-3xl flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold">Two-step sign-in for staff</h1>
        <p className="mt-1 text-slate-700">
          {enrolled
            ? 'Your session passed two steps: staff pages are open to you.'
            : 'Staff can see customers’ data, so a password alone is not enough. Set up an authenticator app or a passkey to use staff pages.'}
        </p>
        {!enrolled && (view.totp || view.passkeys.length > 0) && (
          <p className="mt-2 text-slate-700">You already have a second step: sign out and sign in again with it to open the staff pages.</p>
        )}
        {enrolled && (
          <Link href="/admin" className="mt-3 inline-block text-brand-700 underline underline-offset-2">
            Go to staff pages
          </Link>
        )}
      </div>
      <TwoStep view={view} hasPin={false} isStaff />
    </div>
  );
}
