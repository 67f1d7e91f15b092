import { SectionPlaceholder } from '@/components/account/section-placeholder';

export const metadata = { title: 'Download or delete' };

export default function PrivacyPage() {
  return <SectionPlaceholder title="Download or delete" what="Download a copy of everything we hold about you, or delete your account." />;
}
