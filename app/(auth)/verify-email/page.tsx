import Link from 'next/link';
import { redirect } from 'next/navigation';
import { AuthCard } from '@/components/auth/auth-card';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { confirmEmail } from '@/server/auth/accounts';

export const metadata = { title: 'Confirm your email address', referrer: 'no-referrer' };

async function confirm(formData: FormData) {
  'use server';
  const token = formData.get('token');
  const confirmed = typeof token === 'string' && token.length < 200 && (await confirmEmail(token));
  redirect(`/verify-email?result=${confirmed ? 'confirmed' : 'invalid'}`);
}

/** A button, not a GET: mail scanners that open links must not confirm anything. */
export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<{ token?: string; result?: string }> }) {
  const { token, result } = await searchParams;
  return (
    <AuthCard title="Confirm your email address">
      {result === 'confirmed' ? (
        <Alert tone="success">
          Your email address is confirmed.{' '}
          <Link href="/account" className="underline underline-offset-2">
            Go to your account
          </Link>
        </Alert>
      ) : result === 'invalid' || typeof token !== 'string' ? (
        <Alert tone="error">This link has expired or was already used. Sign in to ask for a new one.</Alert>
      ) : (
        <form action={confirm}>
          <input type="hidden" name="token" value={token} />
          <Button type="submit">Confirm my email address</Button>
        </form>
      )}
    </AuthCard>
  );
}
