import { Link } from '@/components/ui/link';
import { notFound } from 'next/navigation';
import { CampaignProgressPanel } from '@/components/campaigns/progress';
import { EmailPreview } from '@/components/campaigns/email-preview';
import { TOPICS } from '@/lib/consent';
import { formatDateTime } from '@/lib/format';
import { paragraphsOf } from '@/lib/validation/campaigns';
import { requireStaff } from '@/server/auth/current';
import { getCampaign } from '@/server/campaigns/campaigns';
import { actorOf } from '@/server/core/actor';

export const metadata = { title: 'Campaign' };

export default async function CampaignPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = actorOf(await requireStaff());
  const campaign = await getCampaign(actor, (await params).id);
  if (!campaign) notFound();
  const { body, ...progress } = campaign;
  return (
    <div className="flex max-w-4xl flex-col gap-6">
      <div>
        <Link href="/admin/campaigns" className="text-brand-700 underline underline-offset-2">
          All campaigns
        </Link>
        <h1 className="mt-2 text-2xl font-semibold break-words">
          Campaign #{campaign.id}: {campaign.subject}
        </h1>
        <p className="mt-1 text-slate-700">
          To customers subscribed to {TOPICS[campaign.topic].label.toLowerCase()} · started {formatDateTime(campaign.createdAt)}
        </p>
      </div>
      <CampaignProgressPanel initial={progress} />
      <EmailPreview subject={campaign.subject} paragraphs={paragraphsOf(body)} topic={campaign.topic} title="The email" />
    </div>
  );
}
