import 'server-only';
import { desc, eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { orders } from '@/db/schema';
import type { PurchaseView } from '@/lib/money';

export type { PurchaseView };

/** The customer's own purchases, newest first. Only brand and last four digits of a card exist to show. */
export async function listPurchases(userId: string): Promise<PurchaseView[]> {
  const rows = await getDb()
    .select({
      id: orders.id,
      reference: orders.reference,
      placedAt: orders.placedAt,
      description: orders.description,
      amountMinor: orders.amountMinor,
      currency: orders.currency,
      cardBrand: orders.cardBrand,
      cardLast4: orders.cardLast4,
    })
    .from(orders)
    .where(eq(orders.userId, userId))
    .orderBy(desc(orders.placedAt), desc(orders.id));
  return rows.map((r) => ({ ...r, placedAt: r.placedAt.toISOString() }));
}
