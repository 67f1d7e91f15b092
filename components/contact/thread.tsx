import { Link } from '@/components/ui/link';
import { Card } from '@/components/ui/card';
import { HELP_LINKS, type HelpKind, type ThreadEntry } from '@/lib/contact';
import { formatDateTime } from '@/lib/format';

type Reader = 'customer' | 'visitor' | 'staff';

function title(e: ThreadEntry, reader: Reader, firstOpen: boolean): string {
  switch (e.kind) {
    case 'message':
      return reader === 'staff' ? `${e.by} wrote` : 'You wrote';
    case 'reply':
      return reader === 'staff' ? 'Answer' : 'Our answer';
    case 'help':
      return e.body === 'deletion' ? 'Help with deleting your account' : 'Help with downloading your data';
    case 'note':
      return 'Internal note';
    case 'assignment':
      return 'Assignment';
    case 'status':
      if (e.status === 'open' && firstOpen) return reader === 'staff' ? 'Address confirmed: in the inbox' : 'Sent to our staff';
      if (e.status === 'open') return reader === 'staff' ? 'Waiting for an answer again' : 'Waiting for our answer again';
      if (e.status === 'closed') return 'Closed';
      return 'Status changed';
  }
}

/** Where a report link goes for this reader; visitors have no reports. */
const reportHref = (id: number, reader: Reader) => (reader === 'staff' ? (`/admin/reports/${id}` as const) : (`/account/reports/${id}` as const));

/**
 * A conversation, oldest first. What people wrote is shown as text: markup and
 * links stay inert (no link is made from anyone's text). Staff see internal
 * entries flagged; the writer never receives them.
 */
export function Thread({ entries, reader }: { entries: ThreadEntry[]; reader: Reader }) {
  const firstOpen = entries.find((e) => e.kind === 'status' && e.status === 'open')?.id;
  return (
    <Card id="conversation" title="Conversation">
      <ol className="mt-3 flex flex-col gap-4 border-l-2 border-slate-200 pl-4" data-testid="thread">
        {entries.map((e) => (
          <li key={e.id} className={e.internal ? 'rounded-md bg-slate-50 p-2' : e.kind === 'reply' || e.kind === 'help' ? 'rounded-md bg-brand-50 p-2' : ''}>
            <p className="flex flex-wrap items-center gap-2">
              <span className="font-semibold">{title(e, reader, e.id === firstOpen)}</span>
              {e.internal && <span className="rounded-full bg-slate-200 px-2 py-0.5 text-sm text-slate-800">Internal: not shown to the writer</span>}
            </p>
            <p className="text-sm text-slate-700">
              <time dateTime={e.at}>{formatDateTime(e.at)}</time> · {e.by}
            </p>
            {e.kind === 'help' ? (
              <HelpEntry kind={e.body as HelpKind} />
            ) : (
              e.body && (
                <p className="mt-1 whitespace-pre-wrap break-words" data-testid="thread-text">
                  {e.body}
                </p>
              )
            )}
            {e.reportId && reader !== 'visitor' && (
              <p className="mt-1">
                Continued as{' '}
                <Link href={reportHref(e.reportId, reader)} className="text-brand-700 underline underline-offset-2">
                  inaccuracy report #{e.reportId}
                </Link>
                .
              </p>
            )}
          </li>
        ))}
      </ol>
    </Card>
  );
}

function HelpEntry({ kind }: { kind: HelpKind }) {
  const help = HELP_LINKS[kind] ?? HELP_LINKS.export;
  return (
    <p className="mt-1">
      You can do this yourself, after signing in:{' '}
      <Link href={help.path} className="text-brand-700 underline underline-offset-2">
        {help.label}
      </Link>
      .
    </p>
  );
}
