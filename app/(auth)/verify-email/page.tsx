import { Link } from '@/components/ui/link';
import { redirect } from 'next/navigation';
import { AuthCard } from '@/components/auth/auth-card';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { ResendVerifyLink } from '@/components/auth/resend-verify-link';
import { messageFor } from '@/lib/messages';
import { accountOverview } from '@/server/account/overview';
import { confirmEmail, verifyLinkIsValid } from '@/server/auth/accounts';
import { currentSession } from '@/server/auth/current';

export const metadata = { title: 'Confirm your email address', referrer: 'no-referrer' };

async function confirm(formData: FormData) {
  'use server';
  const token = formData.get('token');
  const confirmed = typeof token === 'string' && token.length < 200 && (await confirmEmail(token));
  redirect(`/verify-email?result=${confirmed ? 'confirmed' : 'invalid'}`);
}

/** What an expired or used link leads to: a new link, never a dead end. */
async function NewLinkOffer({ token }: { token?: string }) {
  if (token) return <ResendVerifyLink token={token} />;
  const s = await currentSession();
  const info = s.state === 'active' ? await accountOverview(s.user.id) : null;
  if (info?.emailVerifiedAt) return <Alert tone="success">{messageFor({ code: 'email_already_confirmed' })}</Alert>;
  if (info) return <ResendVerifyLink email={info.email} />;
  return (
    <p className="text-slate-700">
      <Link href="/sign-in?next=/account" className="text-brand-700 underline underline-offset-2">
        Sign in
      </Link>{' '}
      and ask for a new link from your account.
    </p>
  );
}

/** A button, not a GET: mail scanners that open links must not confirm anything. */
export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<{ token?: string; result?: string }> }) {
  const { token, result } = await searchParams;
  const usable = typeof token === 'string' && token.length < 200 ? token : undefined;
  const valid = result !== 'invalid' && !!usable && (await verifyLinkIsValid(usable));
  return (
    <AuthCard title="Confirm your email address">
      {result === 'confirmed' ? (
        <Alert tone="success">
          Your email address is confirmed.{' '}
          <Link href="/account" className="underline underline-offset-2">
            Go to your account
          </Link>
        </Alert>
      ) : valid ? (
        <form action={confirm}>
          <input type="hidden" name="token" value={usable} />
          <Button type="submit">Confirm my email address</Button>
        </form>
      ) : (
        <div className="flex flex-col gap-4">
          <Alert tone="error">This link has expired or was already used.</Alert>
          <NewLinkOffer token={result === 'invalid' ? undefined : usable} />
        </div>
      )}
    </AuthCard>
  );
}
