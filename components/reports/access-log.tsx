import { Link } from '@/components/ui/link';
import { formatDateTime } from '@/lib/format';
import { ACCESS_ACTION_LABELS, ROLE_LABELS } from '@/lib/reports';
import { Card } from '@/components/ui/card';

export type AccessEntry = { id: number; role: 'customer' | 'staff' | 'admin'; action: string; reportId: number | null; conversationId: number | null; reason: string | null; at: Date };

/** "Who accessed your information": every staff view and action on the customer's data, by role (never by name), when and why. */
type Group = AccessEntry & { count: number; earliest: Date };

/** Consecutive entries of the same kind (a reviewer reloading the report) read as one line with a count; nothing is dropped. */
function group(entries: AccessEntry[]): Group[] {
  const out: Group[] = [];
  for (const e of entries) {
    const last = out.at(-1);
    if (last && last.role === e.role && last.action === e.action && last.reportId === e.reportId && last.conversationId === e.conversationId && last.reason === e.reason) {
      last.count += 1;
      last.earliest = e.at;
    } else out.push({ ...e, count: 1, earliest: e.at });
  }
  return out;
}

export function AccessLog({ entries: raw }: { entries: AccessEntry[] }) {
  const entries = group(raw);
  return (
    <Card id="access-log" title="Who accessed your information">
      <p className="mt-1 text-slate-700">Our staff look at your information only to handle something you asked for, and every look is recorded here.</p>
      {entries.length === 0 ? (
        <p className="mt-2 text-slate-700">No member of staff has accessed your information.</p>
      ) : (
        <ul className="mt-2 divide-y divide-slate-100" data-testid="access-log">
          {entries.map((e) => (
            <li key={e.id} className="flex flex-col gap-0.5 py-2 sm:flex-row sm:justify-between sm:gap-4">
              <span>
                <span className="font-medium">{ROLE_LABELS[e.role]}</span>: {ACCESS_ACTION_LABELS[e.action] ?? e.action}
                {e.conversationId ? (
                  <>
                    {' '}
                    (reason:{' '}
                    <Link href={`/account/messages/${e.conversationId}`} className="text-brand-700 underline underline-offset-2">
                      your message #{e.conversationId}
                    </Link>
                    )
                  </>
                ) : e.reportId ? (
                  <>
                    {' '}
                    (reason:{' '}
                    <Link href={`/account/reports/${e.reportId}`} className="text-brand-700 underline underline-offset-2">
                      report #{e.reportId}
                    </Link>
                    )
                  </>
                ) : (
                  e.reason && <> (reason: {e.reason})</>
                )}
              </span>
              <span className="text-slate-600">
                {e.count > 1 && `${e.count} times, latest `}
                <time dateTime={e.at.toISOString()}>{formatDateTime(e.at)}</time>
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
