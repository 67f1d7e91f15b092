import { formatDateTime } from '@/lib/format';
import { STATUS_LABELS, type TimelineEntry } from '@/lib/reports';
import { Card } from '@/components/ui/card';

function title(e: TimelineEntry, audience: 'customer' | 'staff') {
  switch (e.kind) {
    case 'status':
      return e.status === 'submitted' && audience === 'customer' && e.by === 'You' ? 'Submitted: you confirmed the report' : STATUS_LABELS[e.status ?? 'submitted'];
    case 'answer':
      return audience === 'customer' ? 'Your answer' : 'Customer answered';
    case 'extension':
      return 'Deadline extended';
    case 'note':
      return 'Internal note';
    case 'assignment':
      return 'Assignment';
    case 'recheck':
      return 'Value changed since the report';
  }
}

/** A report's history, oldest first. Staff see internal entries flagged as such; customers never receive them. */
export function Timeline({ entries, audience }: { entries: TimelineEntry[]; audience: 'customer' | 'staff' }) {
  return (
    <Card id="timeline" title="Timeline">
      {entries.length === 0 ? (
        <p className="mt-2 text-slate-700">Nothing has happened yet.</p>
      ) : (
        <ol className="mt-3 flex flex-col gap-4 border-l-2 border-slate-200 pl-4">
          {entries.map((e) => (
            <li key={e.id} className={e.internal ? 'rounded-md bg-slate-50 p-2' : ''}>
              <p className="flex flex-wrap items-center gap-2">
                <span className="font-semibold">{title(e, audience)}</span>
                {e.internal && <span className="rounded-full bg-slate-200 px-2 py-0.5 text-sm text-slate-800">Internal: not shown to the customer</span>}
              </p>
              <p className="text-sm text-slate-700">
                <time dateTime={e.at}>{formatDateTime(e.at)}</time> · {e.by}
              </p>
              {e.body && <p className="mt-1 whitespace-pre-wrap break-words">{e.body}</p>}
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
