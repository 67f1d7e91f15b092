import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { orders, securityEvents, users } from '@/db/schema';
import { formatMoney } from '@/lib/money';
import { listSecurityEvents } from './activity';
import { listPurchases } from './purchases';

async function customer() {
  const name = `pur${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const [u] = await getDb().insert(users).values({ username: name, email: `${name}@example.test`, emailNormalized: `${name}@example.test`, passwordHash: 'x' }).returning({ id: users.id });
  return u!.id;
}

describe('listPurchases', () => {
  it("lists only the customer's own orders, newest first", async () => {
    const a = await customer();
    const b = await customer();
    await getDb()
      .insert(orders)
      .values([
        { userId: a, reference: 'AC-1', placedAt: new Date('2026-01-01T00:00:00Z'), description: 'Old', amountMinor: 500, currency: 'GBP', cardBrand: 'Visa', cardLast4: '1111' },
        { userId: a, reference: 'AC-2', placedAt: new Date('2026-06-01T00:00:00Z'), description: 'New', amountMinor: 1999, currency: 'GBP', cardBrand: 'Visa', cardLast4: '1111' },
        { userId: b, reference: 'AC-3', placedAt: new Date('2026-07-01T00:00:00Z'), description: 'Not yours', amountMinor: 100, currency: 'GBP', cardBrand: 'Visa', cardLast4: '2222' },
      ]);
    expect((await listPurchases(a)).map((p) => p.reference)).toEqual(['AC-2', 'AC-1']);
    expect(await listPurchases(await customer())).toEqual([]);
  });

  it('refuses a card number longer than four digits at the database', async () => {
    const a = await customer();
    await expect(
      getDb().insert(orders).values({ userId: a, reference: 'AC-9', placedAt: new Date(), description: 'x', amountMinor: 1, currency: 'GBP', cardBrand: 'Visa', cardLast4: '4242424242424242' }),
    ).rejects.toThrow();
  });
});

describe('formatMoney', () => {
  it('formats minor units by the currency', () => {
    expect(formatMoney(1999, 'GBP')).toBe('£19.99');
    expect(formatMoney(900, 'EUR')).toBe('€9.00');
    expect(formatMoney(1500, 'JPY')).toBe('JP¥1,500');
    expect(formatMoney(0, 'USD')).toBe('US$0.00');
  });
});

describe('listSecurityEvents', () => {
  it("labels the customer's own events, newest first, and only theirs", async () => {
    const a = await customer();
    const b = await customer();
    await getDb()
      .insert(securityEvents)
      .values([
        { userId: a, kind: 'deletion_scheduled', ip: '192.0.2.1', createdAt: new Date('2026-01-01T00:00:00Z') },
        { userId: a, kind: 'deletion_cancelled', createdAt: new Date('2026-01-02T00:00:00Z') },
        { userId: a, kind: 'data_export', ip: '192.0.2.2', userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0', createdAt: new Date('2026-01-03T00:00:00Z') },
        { userId: b, kind: 'data_export', createdAt: new Date('2026-01-04T00:00:00Z') },
      ]);
    expect((await listSecurityEvents(a)).map((e) => [e.label, e.ip, e.device])).toEqual([
      ['Your data was downloaded', '192.0.2.2', 'Firefox 121 on Linux'],
      ['Account deletion was cancelled', null, 'Unknown device'],
      ['Account deletion was scheduled', '192.0.2.1', 'Unknown device'],
    ]);
  });
});
