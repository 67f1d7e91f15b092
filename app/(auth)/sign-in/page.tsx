import { Link } from '@/components/ui/link';
import { AuthCard } from '@/components/auth/auth-card';
import { SignInForm } from '@/components/auth/sign-in-form';
import { Alert } from '@/components/ui/alert';
import { env } from '@/server/env';

export const metadata = { title: 'Sign in' };

const NOTICES: Record<string, { tone: 'info' | 'success'; text: string }> = {
  timeout: { tone: 'info', text: 'Your session timed out, so we signed you out to protect your account. Sign in again to continue.' },
  'signed-out': { tone: 'success', text: 'You are signed out. Thanks for keeping your account safe.' },
  secured: { tone: 'info', text: 'We signed out every device and switched off your password and PIN. Check your email for a link to choose a new password.' },
  reset: { tone: 'success', text: 'Your new secret is set and every device was signed out. Sign in with it now.' },
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const reason = typeof params.reason === 'string' ? NOTICES[params.reason] : undefined;
  const next = typeof params.next === 'string' ? params.next : undefined;
  return (
    <AuthCard
      title="Sign in"
      footer={
        <>
          New here?{' '}
          <Link href="/sign-up" className="text-brand-700 underline underline-offset-2">
            Create an account
          </Link>
          <span className="mt-2 block">
            <Link href="/privacy" className="text-brand-700 underline underline-offset-2">
              Privacy policy
            </Link>
          </span>
        </>
      }
    >
      {reason && (
        <div className="mb-6">
          <Alert tone={reason.tone}>{reason.text}</Alert>
        </div>
      )}
      <SignInForm region={env().DEFAULT_PHONE_REGION} next={next} />
    </AuthCard>
  );
}
