import Link from 'next/link';
import { AuthCard } from '@/components/auth/auth-card';
import { ResetPasswordForm } from '@/components/auth/reset-form';
import { Alert } from '@/components/ui/alert';
import { resetLinkIsValid } from '@/server/auth/recovery';

export const metadata = { title: 'Choose a new password', referrer: 'no-referrer' };

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  const valid = typeof token === 'string' && token.length < 200 && (await resetLinkIsValid('password', token));
  return (
    <AuthCard title="Choose a new password">
      {valid ? (
        <ResetPasswordForm token={token} />
      ) : (
        <Alert tone="error">
          This link has expired or was already used.{' '}
          <Link href="/forgot-password" className="underline underline-offset-2">
            Ask for a new one
          </Link>
          .
        </Alert>
      )}
    </AuthCard>
  );
}
