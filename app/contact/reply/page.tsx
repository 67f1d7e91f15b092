import { Link } from '@/components/ui/link';
import { ConversationStatusBadge } from '@/components/contact/status-badge';
import { Thread } from '@/components/contact/thread';
import { VisitorActions } from '@/components/contact/writer-actions';
import { PublicPage } from '@/components/public-page';
import { Alert } from '@/components/ui/alert';
import { getDb } from '@/server/core/db';
import { TOPIC_LABELS } from '@/lib/contact';
import { tokenRefSchema } from '@/lib/validation/contact';
import { currentSession } from '@/server/auth/current';
import { clock } from '@/server/clock';
import { visitorConversation } from '@/server/contact/visitor';

export const metadata = { title: 'Your message', referrer: 'no-referrer', robots: { index: false } };

/** Behind the link in our answer to a visitor: the conversation, and one answer or a close with that link. */
export default async function VisitorConversationPage({ searchParams }: { searchParams: Promise<{ c?: string; token?: string }> }) {
  const { c, token } = await searchParams;
  const parsed = tokenRefSchema.safeParse({ conversationId: c, token });
  const view = parsed.success ? await visitorConversation(getDb(), parsed.data.conversationId, parsed.data.token, clock.now()) : null;
  const signedIn = (await currentSession()).state === 'active';
  if (!parsed.success || !view) {
    return (
      <PublicPage signedIn={signedIn} width="max-w-3xl">
        <h1 className="text-3xl font-semibold">Your message</h1>
        <Alert tone="error">
          This link is not valid, has expired or was already used: each link in our emails works once. Nothing was changed. Our next answer brings a new link, or{' '}
          <Link href="/contact" className="underline underline-offset-2">
            write to us again
          </Link>
          .
        </Alert>
      </PublicPage>
    );
  }
  return (
    <PublicPage signedIn={signedIn} width="max-w-3xl">
      <div>
        <h1 className="text-3xl font-semibold">
          Message #{view.id}: {TOPIC_LABELS[view.topic]}
        </h1>
        <p className="mt-2">
          <ConversationStatusBadge status={view.status} reader="writer" />
        </p>
      </div>
      <Thread entries={view.thread} reader="visitor" />
      {view.status === 'closed' ? (
        <Alert tone="info">This conversation is closed. For a new question, write to us again.</Alert>
      ) : (
        <VisitorActions conversationId={view.id} token={parsed.data.token} />
      )}
    </PublicPage>
  );
}
