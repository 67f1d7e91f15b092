import { Link } from '@/components/ui/link';
import { AuthCard } from '@/components/auth/auth-card';
import { Alert } from '@/components/ui/alert';
import { formatDate } from '@/lib/deletion';

export const metadata = { title: 'Your account will be deleted' };

/** The page after scheduling. The customer is signed out by then, so the date comes in the address (it is theirs to read, nothing more). */
export default async function DeletionRequestedPage({ searchParams }: { searchParams: Promise<{ on?: string }> }) {
  const { on } = await searchParams;
  const date = typeof on === 'string' && on.length < 40 && !Number.isNaN(Date.parse(on)) ? new Date(on) : null;
  return (
    <AuthCard
      title="Your account will be deleted"
      footer={
        <Link href="/sign-in" className="text-brand-700 underline underline-offset-2">
          Sign in
        </Link>
      }
    >
      <div className="flex flex-col gap-4">
        <Alert tone="success">
          {date ? (
            <>
              We will delete your account on <strong data-testid="purge-date" className="whitespace-nowrap">{formatDate(date)}</strong>.
            </>
          ) : (
            'Your account is scheduled for deletion.'
          )}
        </Alert>
        <p className="text-slate-700">We signed you out on every device and stopped all marketing emails. We sent you an email with a link to cancel.</p>
        <p className="text-slate-700">
          Changed your mind? Until that date, sign in and choose <span className="font-medium text-slate-900">Keep my account</span>, or use the link in the email.
        </p>
      </div>
    </AuthCard>
  );
}
