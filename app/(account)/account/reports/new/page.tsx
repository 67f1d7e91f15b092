import { PageHeader } from '@/components/ui/page-header';
import { ReportForm, type ReportableItem } from '@/components/reports/report-form';
import { COUNTRY_CODES, displayName, LANGUAGES, timeZones } from '@/lib/countries';
import { displayValue, isReportItem, REPORT_ITEMS } from '@/lib/reports';
import { requireUser } from '@/server/auth/current';
import { env } from '@/server/env';
import { allCurrentValues } from '@/server/reports/common';
import { disputedItems } from '@/server/reports/customer';

export const metadata = { title: 'Report a mistake' };

/** Select choices are named on the server, so server and browser render the same labels. */
function choices() {
  return {
    'profile.country': COUNTRY_CODES.map((c) => ({ value: c, label: displayName('region', c) })).sort((a, b) => a.label.localeCompare(b.label)),
    'profile.preferredLanguage': LANGUAGES.map((l) => ({ value: l, label: displayName('language', l) })),
    'profile.timeZone': timeZones().map((z) => ({ value: z, label: z.replaceAll('_', ' ') })),
  };
}

export default async function NewReportPage({ searchParams }: { searchParams: Promise<{ item?: string }> }) {
  const { user } = await requireUser();
  const [values, disputed] = await Promise.all([allCurrentValues(user.id), disputedItems(user.id)]);
  const { item } = await searchParams;
  const items: ReportableItem[] = Object.entries(REPORT_ITEMS).map(([key, def]) => ({
    key,
    label: def.label,
    current: displayValue(key, values[key] ?? null),
    disputed: disputed.has(key),
    group: def.kind === 'profile' ? 'Profile' : 'Account and contact details',
  }));
  return (
    <div className="flex max-w-2xl flex-col gap-6">
      <PageHeader back={{ href: '/account/reports', label: 'Inaccuracy reports' }} title="Report inaccurate information" titleId="report-title">
        <p className="mt-1 text-slate-700">
          Tell us what is wrong and what it should be. Once you confirm it is you, a member of staff reviews it and answers within 30 days. Until then, the item shows as
          disputed.
        </p>
      </PageHeader>
      <ReportForm items={items} initialItem={isReportItem(item) ? item : 'profile.fullName'} region={env().DEFAULT_PHONE_REGION} choices={choices()} />
    </div>
  );
}
