import { notFound } from 'next/navigation';
import { ReportQueue } from '@/components/reports/queue';
import { requireStaff } from '@/server/auth/current';
import { actorOf } from '@/server/core/actor';
import { listQueue, parseQueueQuery } from '@/server/reports/queue';

export const metadata = { title: 'Inaccuracy reports' };

export default async function AdminReportsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await requireStaff();
  const { filters } = parseQueueQuery(await searchParams);
  const first = await listQueue(actorOf(session), filters);
  if (!first) notFound();
  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-2xl font-semibold">Inaccuracy reports</h1>
        <p className="mt-1 max-w-prose text-slate-700">
          Reports customers confirmed, due soonest first. Claim one to review it: only the reviewer holding a report can decide it, and every look at a customer’s data is
          logged and shown to them.
        </p>
      </div>
      <ReportQueue initial={first} initialFilters={filters} me={session.user.id} />
    </div>
  );
}
