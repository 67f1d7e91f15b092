'use client';
import { Link } from '@/components/ui/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { claimNextMessageAction } from '@/app/admin/messages/actions';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { SelectField } from '@/components/ui/select-field';
import { CONTACT_DUE_SOON_DAYS, CONTACT_TOPICS, inboxSearchParams, TOPIC_LABELS, type InboxFilters, type InboxPage, type InboxRow } from '@/lib/contact';
import { formatDateTime } from '@/lib/format';
import { describeDays } from '@/lib/reports';
import { ConversationStatusBadge } from './status-badge';

/**
 * The staff inbox: a plain GET form of filters (the URL is the state, so a
 * view can be bookmarked or shared), the messages due soonest first, and keyset
 * pages. It shows no personal data: opening a message does, and is logged.
 */
export function InboxFiltersForm({ filters }: { filters: InboxFilters }) {
  return (
    <section aria-labelledby="filters" className="rounded-xl border border-slate-200 bg-white p-4">
      <h2 id="filters" className="sr-only">
        Filters
      </h2>
      <form method="get" action="/admin/messages" className="grid gap-4 sm:grid-cols-2 sm:items-end lg:grid-cols-5">
        <SelectField label="Topic" name="topic" defaultValue={filters.topic}>
          <option value="any">Any topic</option>
          {CONTACT_TOPICS.map((t) => (
            <option key={t} value={t}>
              {TOPIC_LABELS[t]}
            </option>
          ))}
        </SelectField>
        <SelectField label="Status" name="status" defaultValue={filters.status}>
          <option value="open">Needs an answer</option>
          <option value="answered">Answered</option>
          <option value="active">Not closed</option>
          <option value="closed">Closed</option>
          <option value="all">All</option>
        </SelectField>
        <SelectField label="Due" name="due" defaultValue={filters.due}>
          <option value="any">Any date</option>
          <option value="soon">Due within {CONTACT_DUE_SOON_DAYS} days</option>
          <option value="overdue">Overdue</option>
        </SelectField>
        <SelectField label="Held by" name="assigned" defaultValue={filters.assigned}>
          <option value="any">Anyone</option>
          <option value="mine">Me</option>
          <option value="unassigned">Nobody</option>
        </SelectField>
        <div>
          <Button type="submit" variant="secondary">
            Apply filters
          </Button>
        </div>
      </form>
    </section>
  );
}

function Row({ r, me }: { r: InboxRow; me: string }) {
  const overdue = r.status === 'open' && r.daysLeft < 0;
  return (
    <li className={`grid gap-x-4 gap-y-1 py-3 sm:grid-cols-[8rem_1fr_12rem] lg:grid-cols-[8rem_1fr_12rem_15rem_9rem] ${overdue ? 'border-l-4 border-red-700 pl-3' : 'pl-4'}`} data-testid="inbox-row">
      <Link href={`/admin/messages/${r.id}`} className="font-semibold text-brand-700 underline underline-offset-2">
        Message #{r.id}
      </Link>
      <span>
        {TOPIC_LABELS[r.topic]} <span className="text-sm text-slate-700">({r.from === 'customer' ? 'customer' : 'visitor'})</span>
      </span>
      <span>
        <ConversationStatusBadge status={r.status} reader="staff" />
      </span>
      <span className="text-sm sm:text-base">
        Due {formatDateTime(r.dueAt)}
        {r.status === 'open' && (
          <>
            {' '}
            · <span className={overdue ? 'font-semibold text-red-800' : ''}>{describeDays(r.daysLeft)}</span>
          </>
        )}
      </span>
      <span className="text-sm text-slate-700 sm:text-base">{r.claimedBy ? (r.claimedBy.id === me ? 'Held by you' : `Held by ${r.claimedBy.username}`) : 'Nobody holds it'}</span>
    </li>
  );
}

export function InboxList({ page, filters, me }: { page: InboxPage; filters: InboxFilters; me: string }) {
  const router = useRouter();
  const [message, setMessage] = useState<string>();
  const [busy, setBusy] = useState(false);
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center gap-3">
        <Button
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            setMessage(undefined);
            try {
              const r = await claimNextMessageAction();
              if (!r.ok) setMessage(r.formError);
              else if (!r.data) setMessage('Nothing is waiting: every message that needs an answer is held by someone.');
              else router.push(`/admin/messages/${r.data.id}`);
            } finally {
              setBusy(false);
            }
          }}
        >
          Claim the next message
        </Button>
        <p role="status" className="text-slate-700">
          {page.rows.length}
          {page.next ? '+' : ''} message{page.rows.length === 1 ? '' : 's'} shown, due soonest first.
        </p>
      </div>
      {message && <Alert tone="info">{message}</Alert>}
      <section aria-labelledby="inbox-heading" className="rounded-xl border border-slate-200 bg-white p-4">
        <h2 id="inbox-heading" className="sr-only">
          Messages
        </h2>
        {page.rows.length === 0 ? (
          <p className="text-slate-700">No messages match these filters.</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {page.rows.map((r) => (
              <Row key={r.id} r={r} me={me} />
            ))}
          </ul>
        )}
        {page.next && (
          <p className="mt-4">
            <Link href={`/admin/messages?${inboxSearchParams(filters, page.next)}`} className="text-brand-700 underline underline-offset-2">
              Show the next messages
            </Link>
          </p>
        )}
      </section>
    </div>
  );
}
