import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from './client';
import { DEMO_PURCHASES } from './demo-purchases';
import { orders, users } from './schema';
import { seedDemoAccounts } from './seed';

describe('seedDemoAccounts', () => {
  it('gives the demo customer a few GBP purchases with card brand and last four only, once', async () => {
    await seedDemoAccounts();
    await seedDemoAccounts();
    const [demo] = await getDb().select({ id: users.id }).from(users).where(eq(users.username, 'demo'));
    const rows = await getDb().select().from(orders).where(eq(orders.userId, demo!.id));
    expect(rows).toHaveLength(DEMO_PURCHASES.length);
    expect(new Set(rows.map((r) => r.currency))).toEqual(new Set(['GBP']));
    for (const r of rows) expect(r.cardLast4).toMatch(/^\d{4}$/);
  }, 60_000);
});
