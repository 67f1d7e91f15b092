import { SectionPlaceholder } from '@/components/account/section-placeholder';

export const metadata = { title: 'Purchases' };

export default function PurchasesPage() {
  return <SectionPlaceholder title="Purchases" what="Your purchase history. We keep only the card brand and its last four digits." />;
}
