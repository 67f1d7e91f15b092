import { notFound } from 'next/navigation';
import { CampaignList } from '@/components/campaigns/campaign-list';
import { ComposeCampaign } from '@/components/campaigns/compose-form';
import { requireStaff } from '@/server/auth/current';
import { consentingCounts, listCampaigns } from '@/server/campaigns/campaigns';
import { actorOf } from '@/server/core/actor';

export const metadata = { title: 'Campaigns' };

/** Admins only: staff members see the same 404 as customers. */
export default async function CampaignsPage() {
  const actor = actorOf(await requireStaff());
  const [campaigns, counts] = await Promise.all([listCampaigns(actor), consentingCounts(actor)]);
  if (!campaigns || !counts) notFound();
  return (
    <div className="flex max-w-4xl flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold">Campaigns</h1>
        <p className="mt-1 max-w-prose text-slate-700">
          Promotional email to the customers who subscribed to one topic. Each email is checked when it is sent: only active customers who still consent and whose address is not
          suppressed get it, with an unsubscribe link.
        </p>
      </div>
      <ComposeCampaign counts={counts} />
      <CampaignList campaigns={campaigns} />
    </div>
  );
}
