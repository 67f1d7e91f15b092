import { Link } from '@/components/ui/link';
import { ConversationStatusBadge } from '@/components/contact/status-badge';
import { Card } from '@/components/ui/card';
import { getDb } from '@/server/core/db';
import { CONTACT_DEADLINE_DAYS, TOPIC_LABELS } from '@/lib/contact';
import { formatDateTime } from '@/lib/format';
import { describeDaysLeft, isOverdue } from '@/lib/reports';
import { requireUser } from '@/server/auth/current';
import { clock } from '@/server/clock';
import { listMyConversations } from '@/server/contact/customer';

export const metadata = { title: 'Messages' };

export default async function MessagesPage() {
  const { user } = await requireUser();
  const now = clock.now();
  const conversations = await listMyConversations(getDb(), user.id, now);
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Messages</h1>
          <p className="mt-1 max-w-prose text-slate-700">
            What you wrote to us and our answers. We answer every message within {CONTACT_DEADLINE_DAYS} days; the date is shown while we owe you an answer.
          </p>
        </div>
        <Link href="/contact" className="inline-flex min-h-11 items-center rounded-md bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800">
          Write to us
        </Link>
      </div>
      <Card id="your-messages" title="Your conversations">
        {conversations.length === 0 ? (
          <p className="mt-2 text-slate-700">You have not written to us yet.</p>
        ) : (
          <ul className="mt-2 divide-y divide-slate-100">
            {conversations.map((c) => (
              <li key={c.id} className="flex flex-col gap-1 py-3 sm:flex-row sm:items-center sm:justify-between sm:gap-4" data-testid="conversation-row">
                <div className="min-w-0">
                  <Link href={`/account/messages/${c.id}`} className="font-medium text-brand-700 underline underline-offset-2">
                    Message #{c.id}: {TOPIC_LABELS[c.topic]}
                  </Link>
                  <p className="text-sm text-slate-700">
                    Sent {formatDateTime(c.createdAt)} · last activity {formatDateTime(c.lastActivityAt)}
                  </p>
                </div>
                <div className="flex flex-wrap items-center gap-2 text-sm">
                  <ConversationStatusBadge status={c.status} reader="writer" />
                  {c.status === 'open' && c.dueAt && (
                    <span className={isOverdue(c.dueAt, now) ? 'font-semibold text-red-800' : 'text-slate-700'}>
                      Due {formatDateTime(c.dueAt)} · {describeDaysLeft(c.dueAt, now)}
                    </span>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
