import { Link } from '@/components/ui/link';
import { AuthCard } from '@/components/auth/auth-card';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { TOPICS } from '@/lib/consent';
import { peekConfirmation } from '@/server/consent/double-opt-in';
import { confirmSubscriptionAction } from '../actions';

export const metadata = { title: 'Confirm your subscription', referrer: 'no-referrer', robots: { index: false } };

const manage = (
  <Link href="/account/communications" className="text-brand-700 underline underline-offset-2">
    Manage your email preferences
  </Link>
);

/** The double opt-in link. A button, not the GET: mail scanners that open links must not subscribe anyone. */
export default async function ConfirmSubscriptionPage({ searchParams }: { searchParams: Promise<{ token?: string; result?: string }> }) {
  const { token, result } = await searchParams;
  if (result === 'confirmed') {
    return (
      <AuthCard title="Subscription confirmed" footer={manage}>
        <Alert tone="success">Thank you: your subscription is confirmed. Every email has a link to unsubscribe, and you can change your choices at any time.</Alert>
      </AuthCard>
    );
  }
  const found = typeof token === 'string' && result !== 'invalid' ? await peekConfirmation(token) : null;
  if (!found) {
    return (
      <AuthCard title="Confirm your subscription" footer={manage}>
        <Alert tone="error">This link has expired or was already used. Nothing was changed. Sign in to see your choices and ask for a new link.</Alert>
      </AuthCard>
    );
  }
  if (!found.topics.length) {
    return (
      <AuthCard title="Confirm your subscription" footer={manage}>
        <Alert tone="info">Nothing is waiting for your confirmation: you may have switched these emails off since.</Alert>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Confirm your subscription" intro={<p>You asked for these emails. We send none of them until you confirm.</p>} footer={manage}>
      <ul className="flex list-disc flex-col gap-2 pl-5">
        {found.topics.map((t) => (
          <li key={t}>
            <span className="font-medium">{TOPICS[t].label}:</span> {TOPICS[t].description}
          </li>
        ))}
      </ul>
      <form action={confirmSubscriptionAction} method="post" className="mt-6">
        <input type="hidden" name="token" value={token} />
        <Button type="submit">Confirm my subscription</Button>
      </form>
    </AuthCard>
  );
}
