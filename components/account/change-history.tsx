import { formatDateTime } from '@/lib/format';
import { PROFILE_FIELDS } from '@/lib/validation/profile-fields';
import { Card } from '@/components/ui/card';

export type ChangeView = { id: number; field: string; kind: 'set' | 'changed' | 'removed'; actor: 'customer' | 'staff'; reportId: number | null; changedAt: Date };

const FIELD_LABELS: Record<string, string> = { email: 'Email address', mobile: 'Mobile number', pin: 'PIN', ...Object.fromEntries(Object.entries(PROFILE_FIELDS).map(([k, v]) => [k, v.label])) };
const VERB = { set: 'added', changed: 'changed', removed: 'removed' } as const;

/** "Recent changes to your information": what changed, when and by whom, never the values. */
export function ChangeHistory({ changes }: { changes: ChangeView[] }) {
  return (
    <Card id="history" title="Recent changes to your information">
      {changes.length === 0 ? (
        <p className="mt-2 text-slate-700">No changes yet.</p>
      ) : (
        <ul className="mt-2 divide-y divide-slate-100">
          {changes.map((c) => (
            <li key={c.id} className="flex flex-col py-2 sm:flex-row sm:justify-between sm:gap-4">
              <span>
                <span className="font-medium">{FIELD_LABELS[c.field] ?? c.field}</span> {VERB[c.kind]} by {c.actor === 'staff' ? `staff, correction report #${c.reportId}` : 'you'}
              </span>
              <time dateTime={c.changedAt.toISOString()} className="text-slate-600">
                {formatDateTime(c.changedAt)}
              </time>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
