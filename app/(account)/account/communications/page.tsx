import { PreferenceCenter } from '@/components/communications/preference-center';
import { Providers } from '@/components/providers';
import { requireUser } from '@/server/auth/current';
import { communicationsPageData } from '@/server/account/pages';

export const metadata = { title: 'Communications' };

export default async function CommunicationsPage() {
  const { user } = await requireUser();
  const view = await communicationsPageData(user.id);
  if (!view) return null;
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold">Communications</h1>
        <p className="mt-1 text-slate-700">Choose the emails we send to {view.email}. We never send junk email.</p>
      </div>
      <Providers>
        <PreferenceCenter initial={view} />
      </Providers>
    </div>
  );
}
