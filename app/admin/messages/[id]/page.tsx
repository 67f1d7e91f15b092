import { notFound } from 'next/navigation';
import { ConversationStatusBadge } from '@/components/contact/status-badge';
import { AnswerPanel, HolderPanel } from '@/components/contact/staff-actions';
import { Thread } from '@/components/contact/thread';
import { DueText } from '@/components/reports/badges';
import { Card } from '@/components/ui/card';
import { Fact } from '@/components/ui/fact';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/server/core/db';
import { isActive, TOPIC_LABELS } from '@/lib/contact';
import { formatDateTime } from '@/lib/format';
import { describeDaysLeft, isOverdue, REPORT_ITEMS, REPORT_TEXT_MAX } from '@/lib/reports';
import { conversationIdSchema } from '@/lib/validation/contact';
import { requireStaff } from '@/server/auth/current';
import { clock } from '@/server/clock';
import { getConversationForStaff } from '@/server/contact/staff';
import { actorOf } from '@/server/core/actor';
import { env } from '@/server/env';

export const metadata = { title: 'Message' };

const REPORTABLE = Object.entries(REPORT_ITEMS).map(([key, def]) => ({ key, label: def.label }));

/** One message. Opening it is an access to the writer's data: it is logged and shown to the customer. */
export default async function StaffMessagePage({ params }: { params: Promise<{ id: string }> }) {
  const session = await requireStaff();
  const now = clock.now();
  const id = conversationIdSchema.safeParse((await params).id);
  const view = id.success ? await getConversationForStaff(getDb(), actorOf(session), id.data, now) : null;
  if (!view) notFound();
  const { conversation: c } = view;
  const open = isActive(c.status);
  const firstMessage = view.thread.find((e) => e.kind === 'message')?.body ?? '';
  return (
    <div className="flex flex-col gap-6">
      <PageHeader back={{ href: '/admin/messages', label: 'Messages' }} title={`Message #${c.id}: ${TOPIC_LABELS[c.topic]}`}>
        <p className="mt-2 flex flex-wrap items-center gap-3">
          <ConversationStatusBadge status={c.status} reader="staff" />
          {c.status === 'open' && c.dueAt && (
            <span>
              Due <DueText dueAt={formatDateTime(c.dueAt)} daysText={describeDaysLeft(c.dueAt, now)} overdue={isOverdue(c.dueAt, now)} />
            </span>
          )}
        </p>
        <p className="mt-1 text-sm text-slate-700">Your view of this message is recorded in the customer’s access log (your role, the time, this message number).</p>
      </PageHeader>
      {/* On phones: who wrote, who answers, the conversation, then the answer form; on wide screens the panels sit beside. */}
      <div className="grid gap-6 lg:grid-cols-[1fr_24rem] lg:grid-rows-[auto_1fr] lg:items-start">
        <div className="min-w-0 lg:col-start-1 lg:row-start-1">
          <Card id="from" title="From">
            <dl className="mt-2">
              <Fact labelWidth="w-44" label="Writer">{view.customer ? `Customer ${view.customer.username} (signed in)` : 'Visitor (no account)'}</Fact>
              <Fact labelWidth="w-44" label="Answers go to">{c.replyTo} (confirmed)</Fact>
              <Fact labelWidth="w-44" label="Received">{formatDateTime(c.createdAt)}</Fact>
              {c.closedAt && <Fact labelWidth="w-44" label="Closed">{formatDateTime(c.closedAt)}</Fact>}
            </dl>
          </Card>
        </div>
        <div className="min-w-0 lg:col-start-2 lg:row-start-1">
          <HolderPanel conversationId={c.id} open={open} holder={view.claimer} claimedAt={c.claimedAt?.toISOString() ?? null} viewer={view.viewer} />
        </div>
        <div className="min-w-0 lg:col-start-1 lg:row-start-2">
          <Thread entries={view.thread} reader="staff" />
        </div>
        {open && view.viewer.holdsClaim && (
          <div className="min-w-0 lg:col-start-2 lg:row-start-2">
            <AnswerPanel conversationId={c.id} forCustomer={!!view.customer} region={env().DEFAULT_PHONE_REGION} firstMessage={[...firstMessage].slice(0, REPORT_TEXT_MAX).join('')} items={REPORTABLE} />
          </div>
        )}
      </div>
    </div>
  );
}
