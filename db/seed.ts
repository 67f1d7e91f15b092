/**
 * The first privacy policy version and the demo accounts, created once. Run through
 * the start script (or `npm run db:seed`) with `server-only` resolved as on the
 * server (scripts/register-server-conditions.mjs), since it uses the server's account module.
 */
import { eq } from 'drizzle-orm';
import { createAccount } from '@/server/auth/accounts';
import { getDb } from './client';
import { DEMO_ACCOUNTS } from './demo-accounts';
import { DEMO_PURCHASES } from './demo-purchases';
import { FIRST_POLICY } from './privacy-policy';
import { orders, policyVersions, users } from './schema';

/** The first policy version, unless one exists (the migrations and the test template have none: code handles "no version yet"). */
export async function seedPolicy() {
  const db = getDb();
  const [any] = await db.select({ id: policyVersions.id }).from(policyVersions).limit(1);
  if (!any) await db.insert(policyVersions).values(FIRST_POLICY).onConflictDoNothing();
}

export async function seedDemoAccounts() {
  const db = getDb();
  for (const { label: _label, ...account } of DEMO_ACCOUNTS) {
    const [exists] = await db.select({ id: users.id }).from(users).where(eq(users.username, account.username));
    if (exists) continue;
    const result = await createAccount({ ...account, verified: true });
    if (!result.ok) throw new Error(`could not seed ${account.username}: ${JSON.stringify(result.fieldErrors)}`);
  }
  await seedDemoPurchases();
}

/** A few purchases for the demo customer, once (they show under Purchases and in the data download). */
async function seedDemoPurchases() {
  const db = getDb();
  const [customer] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'demo'));
  if (!customer) return;
  const [any] = await db.select({ id: orders.id }).from(orders).where(eq(orders.userId, customer.id)).limit(1);
  if (any) return;
  const now = Date.now();
  await db.insert(orders).values(
    DEMO_PURCHASES.map(({ daysAgo, ...p }) => ({ ...p, userId: customer.id, currency: 'GBP', placedAt: new Date(now - daysAgo * 86_400_000 - 3_600_000 * 5) })),
  );
}

if (process.argv[1]?.endsWith('seed.ts')) {
  // The policy first: the demo accounts are then created under it and see no "policy changed" notice.
  await seedPolicy();
  await seedDemoAccounts();
  await (getDb().$client as { end: () => Promise<void> }).end();
  console.log('privacy policy and demo accounts ready');
}
