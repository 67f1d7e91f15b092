/**
 * The first privacy policy version (always: it is the site's policy, not demo
 * data) and, only when asked, the demo accounts. Run through the start script
 * (or `npm run db:seed [-- --demo]`) with `server-only` resolved as on the
 * server (scripts/register-server-conditions.mjs), since it uses the server's
 * account and hashing modules. Without `--demo` or SEED_DEMO=true it creates no
 * account and retires any demo account's published password (docs/decisions/017).
 */
import { randomBytes } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { createAccount } from '@/server/auth/accounts';
import { hashSecret, verifySecret } from '@/server/auth/hash';
import { revokeAllSessions } from '@/server/auth/sessions';
import { clock } from '@/server/clock';
import { env } from '@/server/env';
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
    const result = await createAccount(db, { ...account, verified: true });
    if (!result.ok) throw new Error(`could not seed ${account.username}: ${JSON.stringify(result.reasons)}`);
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

/**
 * Demo accounts whose password or PIN is still the one printed in the README
 * (a database seeded by an earlier `npm start` on a real DATABASE_URL, or a demo
 * database put to real use): the password is replaced by a random one nobody
 * knows, the PIN removed, every session ended. The account and its data stay;
 * its owner gets back in through password reset. Returns the usernames retired.
 */
export async function retireDemoPasswords(now = clock.now()): Promise<string[]> {
  const db = getDb();
  const rows = await db
    .select({ id: users.id, username: users.username, passwordHash: users.passwordHash, pinHash: users.pinHash })
    .from(users)
    .where(inArray(users.username, DEMO_ACCOUNTS.map((a) => a.username)));
  const retired: string[] = [];
  for (const row of rows) {
    const demo = DEMO_ACCOUNTS.find((a) => a.username === row.username)!;
    const password = await verifySecret(row.passwordHash, demo.password);
    const pin = !!(demo.pin && row.pinHash && (await verifySecret(row.pinHash, demo.pin)));
    if (!password && !pin) continue;
    const passwordHash = password ? await hashSecret(randomBytes(32).toString('base64url')) : row.passwordHash;
    await db.transaction(async (tx) => {
      // Only if the hashes are still the ones checked: a password changed meanwhile is left alone.
      await tx
        .update(users)
        .set({ passwordHash, pinHash: pin ? null : row.pinHash, updatedAt: now })
        .where(and(eq(users.id, row.id), eq(users.passwordHash, row.passwordHash)));
      await revokeAllSessions(tx, row.id, 'demo_password_retired', now);
    });
    retired.push(row.username);
  }
  return retired;
}

async function administratorExists() {
  const [admin] = await getDb().select({ id: users.id }).from(users).where(and(eq(users.role, 'admin'), eq(users.status, 'active'))).limit(1);
  return !!admin;
}

/** `--demo` or SEED_DEMO=true; nothing else creates demo accounts (docs/decisions/017). */
export const demoRequested = (argv: string[], seedDemo: boolean | undefined) => argv.includes('--demo') || seedDemo === true;

if (process.argv[1]?.endsWith('seed.ts')) {
  // The policy first: the demo accounts are then created under it and see no "policy changed" notice.
  await seedPolicy();
  if (demoRequested(process.argv.slice(2), env().SEED_DEMO)) {
    await seedDemoAccounts();
    console.log('privacy policy and demo accounts ready');
  } else {
    for (const username of await retireDemoPasswords()) {
      console.warn(`WARNING: the account "${username}" still had a published demo password or PIN: it no longer works and the account's sessions are ended (reset the password to use the account).`);
    }
    console.log('privacy policy ready; no demo accounts (npm run db:seed -- --demo or SEED_DEMO=true creates them)');
    if (!(await administratorExists())) console.log('No administrator yet: npm run admin:create -- --username <name> --email <address>');
  }
  await (getDb().$client as { end: () => Promise<void> }).end();
}
