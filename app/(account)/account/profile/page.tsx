import { SectionPlaceholder } from '@/components/account/section-placeholder';

export const metadata = { title: 'Profile' };

export default function ProfilePage() {
  return <SectionPlaceholder title="Profile" what="Edit, correct, complete or remove your name, date of birth, postal address and other details." />;
}
