'use client';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { cancelCampaignAction } from '@/app/admin/campaigns/actions';
import { hardNavigate } from '@/components/hard-navigate';
import { Alert } from '@/components/ui/alert';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { CAMPAIGN_STATUS_LABELS, campaignPercent, type CampaignProgress } from '@/lib/campaigns';
import { formatDateTime } from '@/lib/format';
import { Card } from '@/components/ui/card';

async function fetchProgress(id: number): Promise<CampaignProgress> {
  const res = await fetch(`/api/admin/campaigns/${id}`, { cache: 'no-store' });
  if (res.status === 401) hardNavigate('/sign-in?reason=timeout');
  if (!res.ok) throw new Error('Could not load the progress.');
  return (await res.json()) as CampaignProgress;
}

/** Sent, skipped and audience, refreshed every second through React Query while the campaign is sending. */
export function CampaignProgressPanel({ initial }: { initial: CampaignProgress }) {
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string }>();
  const query = useQuery({
    queryKey: ['campaign', initial.id],
    queryFn: () => fetchProgress(initial.id),
    initialData: initial,
    staleTime: 0,
    refetchInterval: (q) => (q.state.data?.status === 'sending' ? 1000 : false),
  });
  const c = query.data;
  const percent = campaignPercent(c);
  return (
    <Card id="progress" title="Progress">
      {message && (
        <div className="mt-3">
          <Alert tone={message.tone}>{message.text}</Alert>
        </div>
      )}
      <p className="mt-2 font-medium" role="status" data-testid="campaign-status">
        {CAMPAIGN_STATUS_LABELS[c.status]}
        {c.finishedAt && ` · ${formatDateTime(c.finishedAt)}`}
      </p>
      <progress className="mt-2 h-3 w-full accent-brand-700" max={100} value={percent} aria-label="Share of the audience handled">
        {percent}%
      </progress>
      <dl className="mt-4 grid grid-cols-1 gap-3 sm:grid-cols-3">
        <div>
          <dt className="text-slate-700">Sent</dt>
          <dd className="text-2xl font-semibold" data-testid="campaign-sent">
            {c.sent.toLocaleString('en-GB')}
          </dd>
        </div>
        <div>
          <dt className="text-slate-700">Skipped at send time</dt>
          <dd className="text-2xl font-semibold" data-testid="campaign-skipped">
            {c.skipped.toLocaleString('en-GB')}
          </dd>
        </div>
        <div>
          <dt className="text-slate-700">Audience at start</dt>
          <dd className="text-2xl font-semibold" data-testid="campaign-audience">
            {c.audience.toLocaleString('en-GB')}
          </dd>
        </div>
      </dl>
      <p className="mt-3 text-sm text-slate-700">Skipped: customers who stopped consenting, were suppressed or left between the start and their turn.</p>
      {query.isError && <p className="mt-2 text-red-800">The progress could not be refreshed; it will try again.</p>}
      {c.status === 'sending' && (
        <div className="mt-3">
          <ConfirmDialog
            trigger="Stop sending"
            title="Stop this campaign?"
            description="Customers who have not been sent it yet will not get it. Emails already sent stay sent."
            confirmLabel="Stop sending"
            onConfirm={async () => {
              const r = await cancelCampaignAction({ id: c.id });
              setMessage(r.ok ? { tone: 'success', text: 'The campaign was stopped.' } : { tone: 'error', text: r.formError ?? 'That did not work.' });
              // The action refreshes the page; the progress list is React Query's.
              await query.refetch();
            }}
          />
        </div>
      )}
    </Card>
  );
}
