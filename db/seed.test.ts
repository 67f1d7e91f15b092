import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { parsePolicyText } from '@/lib/policy-text';
import { getDb } from './client';
import { DEMO_PURCHASES } from './demo-purchases';
import { FIRST_POLICY } from './privacy-policy';
import { orders, policyVersions, users } from './schema';
import { seedDemoAccounts, seedPolicy } from './seed';

describe('seedPolicy', () => {
  it('publishes the first policy once, on a database that has none (like the migrations and the test template)', async () => {
    expect(await getDb().select().from(policyVersions)).toEqual([]);
    await seedPolicy();
    await seedPolicy();
    const rows = await getDb().select().from(policyVersions);
    expect(rows.map((r) => r.version)).toEqual([FIRST_POLICY.version]);
  });

  it('covers what the app does, as sections customers can scan', () => {
    const blocks = parsePolicyText(FIRST_POLICY.body);
    const headings = blocks.filter((b) => b.kind === 'heading').map((b) => (b as { text: string }).text);
    expect(headings).toEqual([
      'What we keep',
      'Signing in and your login history',
      'IP addresses and server logs',
      'Anonymous statistics',
      'Email from us',
      'Downloading your information',
      'Deleting your account',
      'How long we keep things',
      'Who can see your information',
      'If something we hold is wrong',
      'Keeping your information safe',
      'Changes to this policy',
      'Contact',
    ]);
    // The numbers that are policy (DESIGN.md) appear as promised.
    expect(FIRST_POLICY.body).toContain('90 days');
    expect(FIRST_POLICY.body).toContain('14 days');
    expect(FIRST_POLICY.body).toContain('30 days');
    expect(blocks.some((b) => b.kind === 'list')).toBe(true);
  });
});

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
