import { SectionPlaceholder } from '@/components/account/section-placeholder';

export const metadata = { title: 'Inaccuracy reports' };

export default function ReportsPage() {
  return <SectionPlaceholder title="Inaccuracy reports" what="Tell us when something we hold about you is wrong, and follow our review of it." />;
}
