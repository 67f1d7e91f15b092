import { Link } from '@/components/ui/link';
import { AuthCard } from '@/components/auth/auth-card';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { CANCEL_LINK_INVALID, formatDate } from '@/lib/deletion';
import { peekCancelToken } from '@/server/privacy/deletion';
import { cancelByLinkAction } from '../actions';

export const metadata = { title: 'Keep your account', referrer: 'no-referrer' };

const signInLink = (
  <Link href="/sign-in" className="text-brand-700 underline underline-offset-2">
    Sign in
  </Link>
);

/** The emailed cancel link. Opening it changes nothing (mail scanners open links); the button posts. */
export default async function CancelDeletionPage({ searchParams }: { searchParams: Promise<{ token?: string; result?: string }> }) {
  const { token, result } = await searchParams;
  if (result === 'cancelled') {
    return (
      <AuthCard title="Your account is kept" footer={signInLink}>
        <div className="flex flex-col gap-4">
          <Alert tone="success">Your account will not be deleted. We emailed you to confirm.</Alert>
          <p className="text-slate-700">You were signed out when you asked for the deletion: sign in to use your account again.</p>
          <p className="text-slate-700">Marketing emails stay off. If you want them again, turn them on in Communications after signing in.</p>
        </div>
      </AuthCard>
    );
  }
  const schedule = result === 'invalid' ? null : await peekCancelToken(token);
  if (!schedule) {
    return (
      <AuthCard title="Keep your account" footer={signInLink}>
        <Alert tone="error">{CANCEL_LINK_INVALID}</Alert>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Keep your account">
      <div className="flex flex-col gap-4">
        <p className="text-slate-700">
          Your account is scheduled for deletion on <strong data-testid="purge-date" className="whitespace-nowrap">{formatDate(schedule.purgeAfter)}</strong>. Press the button to keep it.
        </p>
        <form action={cancelByLinkAction} method="post">
          <input type="hidden" name="token" value={token} />
          <Button type="submit">Keep my account</Button>
        </form>
      </div>
    </AuthCard>
  );
}
