import { formatDateTime } from '@/lib/format';
import { formatMoney, type PurchaseView } from '@/lib/money';


/** One card per purchase: reads the same on a phone and a desktop, with no table to scroll sideways. */
export function PurchasesList({ purchases }: { purchases: PurchaseView[] }) {
  if (purchases.length === 0) {
    return (
      <div className="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-slate-700">
        <p className="font-medium text-slate-900">No purchases yet.</p>
        <p className="mt-1">When you buy something, it appears here with its receipt details.</p>
      </div>
    );
  }
  return (
    <ul className="flex flex-col gap-3" aria-label="Your purchases">
      {purchases.map((p) => (
        <li key={p.id} data-testid="purchase" className="rounded-xl border border-slate-200 bg-white p-4 sm:p-5">
          <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
            <h2 className="min-w-0 font-semibold break-words">{p.description}</h2>
            <p className="text-lg font-semibold tabular-nums">{formatMoney(p.amountMinor, p.currency)}</p>
          </div>
          <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-3">
            <div>
              <dt className="text-slate-600">Date</dt>
              <dd>{formatDateTime(p.placedAt)}</dd>
            </div>
            <div>
              <dt className="text-slate-600">Reference</dt>
              <dd className="font-mono">{p.reference}</dd>
            </div>
            <div>
              <dt className="text-slate-600">Paid with</dt>
              <dd>
                {p.cardBrand} ending {p.cardLast4}
              </dd>
            </div>
          </dl>
        </li>
      ))}
    </ul>
  );
}
