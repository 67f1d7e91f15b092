import { Link } from '@/components/ui/link';
import { AuthCard } from '@/components/auth/auth-card';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { TOPICS } from '@/lib/consent';
import { describeUnsubscribe } from '@/server/consent/unsubscribe';
import { unsubscribeAction } from '../actions';

// The token is in the URL: never send it on as a referrer, never index the page.
export const metadata = { title: 'Unsubscribe', referrer: 'no-referrer', robots: { index: false } };

const manage = (
  <Link href="/account/communications" className="text-brand-700 underline underline-offset-2">
    Manage all your email preferences
  </Link>
);
const MANDATORY_NOTE = 'Service messages and security alerts about your account continue while you have an account.';

/**
 * The visible unsubscribe link of every promotional email. Opening it shows
 * what will stop and changes nothing; the button does it. Subscribing again
 * needs signing in, so a forwarded email cannot subscribe anyone.
 */
export default async function UnsubscribePage({ searchParams }: { searchParams: Promise<{ token?: string; done?: string; result?: string }> }) {
  const { token, done } = await searchParams;
  const target = await describeUnsubscribe(token);

  if (!target) {
    return (
      <AuthCard title="Unsubscribe" footer={manage}>
        <Alert tone="error">
          This unsubscribe link is not valid: it may have been cut short when it was copied, or changed. Nothing was changed. Open the link from the email again, or sign in to
          choose what we send you.
        </Alert>
      </AuthCard>
    );
  }
  if (!target.maskedEmail) {
    return (
      <AuthCard title="Unsubscribe">
        <Alert tone="info">We no longer hold an account for this link, so we do not email it.</Alert>
      </AuthCard>
    );
  }
  if (target.state === 'withdrawn') {
    return (
      <AuthCard title={done ? 'You are unsubscribed' : 'Already unsubscribed'} footer={manage}>
        <Alert tone="success">
          {done ? 'Done. ' : ''}We will not email {target.maskedEmail} about {target.label.toLowerCase()} any more.
        </Alert>
        <p className="mt-4 text-slate-700">{MANDATORY_NOTE}</p>
        <p className="mt-2 text-slate-700">Changed your mind? Sign in and switch it back on in your email preferences.</p>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Unsubscribe" intro={<p>Stop {target.label.toLowerCase()} emails to {target.maskedEmail}?</p>} footer={manage}>
      <p className="text-slate-700">
        <span className="font-medium text-slate-900">{target.label}:</span> {TOPICS[target.topic].description}
      </p>
      <form action={unsubscribeAction} method="post" className="mt-6">
        <input type="hidden" name="token" value={token} />
        <Button type="submit">Unsubscribe</Button>
      </form>
      <p className="mt-6 text-sm text-slate-700">{MANDATORY_NOTE}</p>
    </AuthCard>
  );
}
