import { formatDateTime } from '@/lib/format';
import type { SecurityEventView } from '@/lib/privacy';

/** Data downloads and deletion requests: the account events besides sign-ins, each with where it came from. */
export function AccountActivity({ events }: { events: SecurityEventView[] }) {
  return (
    <section id="activity" aria-labelledby="activity-title" className="rounded-xl border border-slate-200 bg-white p-4 sm:p-6">
      <h2 id="activity-title" className="text-lg font-semibold">
        Account activity
      </h2>
      <p className="mt-1 text-slate-700">Downloads of your data and requests to delete your account. We also email you about each one.</p>
      {events.length === 0 ? (
        <p className="mt-3">No account activity yet.</p>
      ) : (
        <ul className="mt-2 divide-y divide-slate-100">
          {events.map((e) => (
            <li key={e.id} className="py-3" data-testid="account-event">
              <p className="font-medium">{e.label}</p>
              <p className="text-sm break-words text-slate-700">
                {formatDateTime(e.at)} · {e.device}
                {e.ip ? ` · IP ${e.ip}` : ''}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
