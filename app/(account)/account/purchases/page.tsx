import { PurchasesList } from '@/components/account/purchases-list';
import { listPurchases } from '@/server/account/purchases';
import { requireUser } from '@/server/auth/current';

export const metadata = { title: 'Purchases' };

export default async function PurchasesPage() {
  const { user } = await requireUser();
  const purchases = await listPurchases(user.id);
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold">Purchases</h1>
        <p className="mt-1 max-w-prose text-slate-700">
          Everything you bought from us. We keep only your card&rsquo;s brand and its last four digits, never the full card number.
        </p>
      </div>
      <PurchasesList purchases={purchases} />
    </div>
  );
}
