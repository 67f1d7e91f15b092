import { notFound } from 'next/navigation';
import { ConversationStatusBadge } from '@/components/contact/status-badge';
import { Thread } from '@/components/contact/thread';
import { CustomerActions } from '@/components/contact/writer-actions';
import { DueText } from '@/components/reports/badges';
import { Alert } from '@/components/ui/alert';
import { Card } from '@/components/ui/card';
import { Fact } from '@/components/ui/fact';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/server/core/db';
import { TOPIC_LABELS } from '@/lib/contact';
import { formatDateTime } from '@/lib/format';
import { describeDaysLeft, isOverdue } from '@/lib/reports';
import { conversationIdSchema } from '@/lib/validation/contact';
import { requireUser } from '@/server/auth/current';
import { clock } from '@/server/clock';
import { getMyConversation } from '@/server/contact/customer';

export const metadata = { title: 'Message' };

export default async function MessagePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ sent?: string; written?: string }> }) {
  const { user } = await requireUser();
  const now = clock.now();
  const id = conversationIdSchema.safeParse((await params).id);
  const found = id.success ? await getMyConversation(getDb(), user.id, id.data, now) : null;
  if (!found) notFound();
  const { conversation: c, thread } = found;
  const { sent, written } = await searchParams;
  return (
    <div className="flex max-w-3xl flex-col gap-6">
      <PageHeader back={{ href: '/account/messages', label: 'Messages' }} title={`Message #${c.id}: ${TOPIC_LABELS[c.topic]}`}>
        <p className="mt-2">
          <ConversationStatusBadge status={c.status} reader="writer" />
        </p>
      </PageHeader>
      {sent && c.status !== 'unverified' && <Alert tone="success">Thank you. Message #{c.id} is with our staff; we emailed you the date we will answer by.</Alert>}
      {/* From the URL, not client state: the refresh after writing replaces the form that would hold it. */}
      {written && c.status === 'open' && <Alert tone="success">Thank you: your message is with our staff.</Alert>}
      {c.status === 'unverified' && <Alert tone="info">We sent a link to {c.replyTo}. Open it to send this message to our staff: until then nobody reads it.</Alert>}
      <Card id="details" title="Details">
        <dl className="mt-2">
          <Fact label="Sent">{formatDateTime(c.createdAt)}</Fact>
          <Fact label="Our answers go to">{c.replyTo}</Fact>
          {c.status === 'open' && c.dueAt && (
            <Fact label="We answer by">
              <DueText dueAt={formatDateTime(c.dueAt)} daysText={describeDaysLeft(c.dueAt, now)} overdue={isOverdue(c.dueAt, now)} />
            </Fact>
          )}
          {c.closedAt && <Fact label="Closed">{formatDateTime(c.closedAt)}</Fact>}
        </dl>
      </Card>
      <Thread entries={thread} reader="customer" />
      {(c.status === 'open' || c.status === 'answered') && <CustomerActions conversationId={c.id} />}
    </div>
  );
}
