import { Link } from '@/components/ui/link';
import { AuthCard } from '@/components/auth/auth-card';
import { ConfirmMessage } from '@/components/contact/confirm-message';
import { Alert } from '@/components/ui/alert';
import { TOPIC_LABELS } from '@/lib/contact';
import { tokenRefSchema } from '@/lib/validation/contact';
import { getDb } from '@/server/core/db';
import { clock } from '@/server/clock';
import { peekConfirmation } from '@/server/contact/submit';

export const metadata = { title: 'Confirm your message', referrer: 'no-referrer', robots: { index: false } };

const writeAgain = (
  <Link href="/contact" className="text-brand-700 underline underline-offset-2">
    Write to us
  </Link>
);

/** The emailed confirmation link. Opening it changes nothing; the button confirms. */
export default async function ConfirmMessagePage({ searchParams }: { searchParams: Promise<{ c?: string; token?: string }> }) {
  const { c, token } = await searchParams;
  const parsed = tokenRefSchema.safeParse({ conversationId: c, token });
  const found = parsed.success ? await peekConfirmation(getDb(), parsed.data.conversationId, parsed.data.token, clock.now()) : null;
  if (!parsed.success || !found) {
    return (
      <AuthCard title="Confirm your message" footer={writeAgain}>
        <Alert tone="error">This link is not valid, has expired or was already used. Nothing was changed. If your message was not confirmed within 24 hours, please write to us again.</Alert>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Confirm your message" intro={<p>You wrote to us about “{TOPIC_LABELS[found.topic]}” (message #{found.id}). Confirm that this address is yours and we pass it to our staff.</p>} footer={writeAgain}>
      <ConfirmMessage conversationId={found.id} token={parsed.data.token} />
    </AuthCard>
  );
}
