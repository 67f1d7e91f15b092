'use client';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from '@/components/ui/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { claimNextAction } from '@/app/admin/reports/actions';
import { hardNavigate } from '@/components/hard-navigate';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { SelectField } from '@/components/ui/select-field';
import { formatDateTime } from '@/lib/format';
import { queueSearchParams, STATUS_LABELS, type QueueFilters, type QueuePage, type QueueRow } from '@/lib/reports';
import { StatusBadge } from './badges';

async function fetchPage(filters: QueueFilters, after: string | null): Promise<QueuePage> {
  const res = await fetch(`/api/admin/reports?${queueSearchParams(filters, after)}`, { cache: 'no-store' });
  if (res.status === 401) hardNavigate('/sign-in?reason=timeout');
  if (!res.ok) throw new Error('Could not load the queue.');
  return (await res.json()) as QueuePage;
}

const same = (a: QueueFilters, b: QueueFilters) => a.status === b.status && a.assigned === b.assigned && a.overdue === b.overdue;

function days(r: QueueRow) {
  if (r.daysLeft < 0) return `Overdue by ${-r.daysLeft} day${r.daysLeft === -1 ? '' : 's'}`;
  if (r.daysLeft === 0) return 'Due today';
  return `${r.daysLeft} day${r.daysLeft === 1 ? '' : 's'} left`;
}

function Row({ r, me }: { r: QueueRow; me: string }) {
  const overdue = r.daysLeft < 0;
  return (
    <li className={`grid gap-x-4 gap-y-1 py-3 sm:grid-cols-[7rem_1fr_11rem] lg:grid-cols-[7rem_1fr_11rem_15rem_10rem] ${overdue ? 'border-l-4 border-red-700 pl-3' : 'pl-4'}`} data-testid="queue-row">
      <Link href={`/admin/reports/${r.id}`} className="font-semibold text-brand-700 underline underline-offset-2">
        Report #{r.id}
      </Link>
      <span>{r.itemLabel}</span>
      <span>
        <StatusBadge status={r.status} />
      </span>
      <span className="text-sm sm:text-base">
        Due {formatDateTime(r.dueAt)}
        {r.extended && ' (extended)'} · <span className={overdue ? 'font-semibold text-red-800' : ''}>{days(r)}</span>
      </span>
      <span className="text-sm text-slate-700 sm:text-base">{r.claimedBy ? (r.claimedBy.id === me ? 'Claimed by you' : `Claimed by ${r.claimedBy.username}`) : 'Unassigned'}</span>
    </li>
  );
}

/**
 * The review queue: filters, sorted by due date, keyset pages ("Show more"),
 * refreshed every 30 seconds through React Query. The first page is rendered
 * on the server.
 */
export function ReportQueue({ initial, initialFilters, me }: { initial: QueuePage; initialFilters: QueueFilters; me: string }) {
  const router = useRouter();
  const [filters, setFilters] = useState(initialFilters);
  const [message, setMessage] = useState<string>();
  const [claiming, setClaiming] = useState(false);
  const query = useInfiniteQuery({
    queryKey: ['admin-reports', filters],
    queryFn: ({ pageParam }) => fetchPage(filters, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next,
    initialData: same(filters, initialFilters) ? { pages: [initial], pageParams: [null] } : undefined,
    refetchInterval: 30_000,
  });
  const rows = query.data?.pages.flatMap((p) => p.rows) ?? [];

  const update = (patch: Partial<QueueFilters>) => {
    const next = { ...filters, ...patch };
    setFilters(next);
    const qs = queueSearchParams(next).toString();
    window.history.replaceState(null, '', qs ? `/admin/reports?${qs}` : '/admin/reports');
  };

  async function claimNext() {
    setClaiming(true);
    setMessage(undefined);
    try {
      const r = await claimNextAction();
      if (!r.ok) setMessage(r.formError);
      else if (!r.data) setMessage('Nothing is waiting: every open report has a reviewer.');
      else router.push(`/admin/reports/${r.data.id}`);
    } finally {
      setClaiming(false);
    }
  }

  return (
    <div className="flex flex-col gap-4">
      <section aria-labelledby="filters" className="rounded-xl border border-slate-200 bg-white p-4">
        <h2 id="filters" className="sr-only">
          Filters
        </h2>
        <div className="grid gap-4 sm:grid-cols-3 sm:items-end">
          <SelectField label="Status" value={filters.status} onChange={(e) => update({ status: e.target.value as QueueFilters['status'] })}>
            <option value="open">Open (not decided)</option>
            {(['submitted', 'in_review', 'needs_information', 'corrected', 'rejected', 'withdrawn'] as const).map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
            <option value="all">All</option>
          </SelectField>
          <SelectField label="Reviewer" value={filters.assigned} onChange={(e) => update({ assigned: e.target.value as QueueFilters['assigned'] })}>
            <option value="any">Anyone</option>
            <option value="mine">Assigned to me</option>
            <option value="unassigned">Unassigned</option>
          </SelectField>
          <label className="flex min-h-11 items-center gap-2 font-medium">
            <input type="checkbox" className="size-5" checked={filters.overdue} onChange={(e) => update({ overdue: e.target.checked })} />
            Overdue only
          </label>
        </div>
      </section>
      <div className="flex flex-wrap items-center gap-3">
        <Button onClick={claimNext} disabled={claiming}>
          Claim the next report
        </Button>
        <p role="status" className="text-slate-700">
          {query.isFetching && !query.isFetchingNextPage ? 'Refreshing…' : `${rows.length}${query.hasNextPage ? '+' : ''} report${rows.length === 1 ? '' : 's'} shown, due soonest first.`}
        </p>
      </div>
      {message && <Alert tone="info">{message}</Alert>}
      {query.isError && <Alert tone="error">Could not load the queue. It will try again shortly.</Alert>}
      <section aria-labelledby="queue-heading" className="rounded-xl border border-slate-200 bg-white p-4">
        <h2 id="queue-heading" className="sr-only">
          Reports
        </h2>
        {rows.length === 0 && !query.isFetching ? (
          <p className="text-slate-700">No reports match these filters.</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            <li aria-hidden className="hidden gap-x-4 pb-2 pl-4 text-sm font-semibold text-slate-600 lg:grid lg:grid-cols-[7rem_1fr_11rem_15rem_10rem]">
              <span>Report</span>
              <span>Item</span>
              <span>Status</span>
              <span>Due</span>
              <span>Reviewer</span>
            </li>
            {rows.map((r) => (
              <Row key={r.id} r={r} me={me} />
            ))}
          </ul>
        )}
        {query.hasNextPage && (
          <div className="mt-4">
            <Button variant="secondary" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
              {query.isFetchingNextPage ? 'Loading…' : 'Show more'}
            </Button>
          </div>
        )}
      </section>
    </div>
  );
}
