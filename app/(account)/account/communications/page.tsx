import { SectionPlaceholder } from '@/components/account/section-placeholder';

export const metadata = { title: 'Communications' };

export default function CommunicationsPage() {
  return <SectionPlaceholder title="Communications" what="Choose which emails you get. Service and security messages cannot be switched off while you have the service." />;
}
