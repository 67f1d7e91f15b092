import { SectionPlaceholder } from '@/components/account/section-placeholder';

export const metadata = { title: 'Security' };

export default function SecurityPage() {
  return <SectionPlaceholder title="Security" what="See where you are signed in, sign out other devices, review your sign-in history and change your password or PIN." />;
}
