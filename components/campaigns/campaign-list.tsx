import { Link } from '@/components/ui/link';
import { CAMPAIGN_STATUS_LABELS, type CampaignProgress } from '@/lib/campaigns';
import { TOPICS } from '@/lib/consent';
import { formatDateTime } from '@/lib/format';
import { Card } from '@/components/ui/card';

/** Past and running campaigns, newest first. */
export function CampaignList({ campaigns }: { campaigns: CampaignProgress[] }) {
  return (
    <Card id="past" title="Campaigns sent">
      {campaigns.length === 0 ? (
        <p className="mt-2 text-slate-700">No campaign has been sent yet.</p>
      ) : (
        <ul className="mt-2 divide-y divide-slate-100">
          {campaigns.map((c) => (
            <li key={c.id} className="grid gap-x-4 gap-y-1 py-3 sm:grid-cols-[1fr_auto]" data-testid="campaign-row">
              <span className="min-w-0 break-words">
                <Link href={`/admin/campaigns/${c.id}`} className="font-semibold text-brand-700 underline underline-offset-2">
                  #{c.id} {c.subject}
                </Link>
                <span className="block text-sm text-slate-700">
                  {TOPICS[c.topic].label} · started {formatDateTime(c.createdAt)}
                </span>
              </span>
              <span className="text-sm sm:text-right sm:text-base">
                {CAMPAIGN_STATUS_LABELS[c.status]} · {c.sent.toLocaleString('en-GB')} sent of {c.audience.toLocaleString('en-GB')}
                {c.skipped > 0 && `, ${c.skipped.toLocaleString('en-GB')} skipped`}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
