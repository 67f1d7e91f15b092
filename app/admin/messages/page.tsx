import { notFound } from 'next/navigation';
import { InboxFiltersForm, InboxList } from '@/components/contact/inbox';
import { getDb } from '@/server/core/db';
import { CONTACT_DEADLINE_DAYS } from '@/lib/contact';
import { requireStaff } from '@/server/auth/current';
import { clock } from '@/server/clock';
import { listInbox, parseInboxQuery } from '@/server/contact/queue';
import { actorOf } from '@/server/core/actor';

export const metadata = { title: 'Messages' };

export default async function AdminMessagesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await requireStaff();
  const { filters, after } = parseInboxQuery(await searchParams);
  const page = await listInbox(getDb(), actorOf(session), filters, after, clock.now());
  if (!page) notFound();
  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-2xl font-semibold">Messages</h1>
        <p className="mt-1 max-w-prose text-slate-700">
          What customers and visitors wrote through the contact form, once their address is confirmed. Answer each within {CONTACT_DEADLINE_DAYS} days. Claim one to answer it: only the
          member of staff holding a message can act on it, and every look is logged and shown to the customer.
        </p>
      </div>
      <InboxFiltersForm filters={filters} />
      <InboxList page={page} filters={filters} me={session.user.id} />
    </div>
  );
}
