import { eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { parsePolicyText } from '@/lib/policy-text';
import { runScript } from '@/scripts/testing/server-script';
import { hashSecret, verifySecret } from '@/server/auth/hash';
import { getDb } from './client';
import { DEMO_ACCOUNTS } from './demo-accounts';
import { DEMO_PURCHASES } from './demo-purchases';
import { FIRST_POLICY } from './privacy-policy';
import { orders, policyVersions, sessions, users } from './schema';
import { demoRequested, seedDemoAccounts, seedPolicy } from './seed';

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

/* The real `npm run db:seed` entry point (what `npm start` runs), on this test file's database: DATABASE_URL semantics. */
describe('db/seed.ts', () => {
  const demoNames = DEMO_ACCOUNTS.map((a) => a.username);
  const demoRows = () => getDb().select().from(users).where(inArray(users.username, demoNames));
  const seed = (args: string[], env: Record<string, string> = {}) => runScript('db/seed.ts', args, { env: { ...process.env, SEED_DEMO: undefined, ...env } });

  it('without an opt-in publishes the policy, creates no account and points to admin:create', { timeout: 60_000 }, async () => {
    await getDb().delete(users).where(inArray(users.username, demoNames));
    const r = seed([]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('no demo accounts');
    expect(r.stdout).toContain('npm run admin:create -- --username <name> --email <address>');
    expect(await demoRows()).toEqual([]);
    expect((await getDb().select().from(policyVersions)).map((p) => p.version)).toEqual([FIRST_POLICY.version]);
    // SEED_DEMO=false is no opt-in either.
    expect(seed([], { SEED_DEMO: 'false' }).status).toBe(0);
    expect(await demoRows()).toEqual([]);
  });

  it('creates the demo accounts when asked: --demo, or SEED_DEMO=true', { timeout: 60_000 }, async () => {
    const flag = seed(['--demo']);
    expect(flag.status).toBe(0);
    expect(flag.stdout).toContain('privacy policy and demo accounts ready');
    expect((await demoRows()).map((u) => u.username).sort()).toEqual([...demoNames].sort());

    await getDb().delete(users).where(inArray(users.username, demoNames));
    expect(seed([], { SEED_DEMO: 'true' }).status).toBe(0);
    expect((await demoRows()).map((u) => u.username).sort()).toEqual([...demoNames].sort());
  });

  it('without an opt-in retires demo passwords and PINs an earlier start left (sessions ended, data kept); other passwords stay', { timeout: 60_000 }, async () => {
    await seedDemoAccounts();
    const [demo] = await getDb().select().from(users).where(eq(users.username, 'demo'));
    const [session] = await getDb().insert(sessions).values({ userId: demo!.id, authMethod: 'pin', absoluteExpiresAt: new Date(Date.now() + 3_600_000) }).returning();
    // An account named like a demo one whose owner chose their own password is not a demo account.
    const own = 'a password its owner chose';
    await getDb().update(users).set({ passwordHash: await hashSecret(own) }).where(eq(users.username, 'reviewer'));

    const r = seed([]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('WARNING: the account "demo" still had a published demo password or PIN');
    expect(r.stderr).toContain('"admin"');
    expect(r.stderr).not.toContain('"reviewer"');
    for (const a of DEMO_ACCOUNTS) expect(r.stdout + r.stderr).not.toContain(a.password);

    const after = new Map((await demoRows()).map((u) => [u.username, u]));
    for (const a of DEMO_ACCOUNTS.filter((x) => x.username !== 'reviewer')) {
      const u = after.get(a.username)!;
      expect(await verifySecret(u.passwordHash, a.password), a.username).toBe(false);
      expect(u.pinHash).toBeNull();
    }
    expect(await verifySecret(after.get('reviewer')!.passwordHash, own)).toBe(true);
    const [ended] = await getDb().select().from(sessions).where(eq(sessions.id, session!.id));
    expect(ended).toMatchObject({ revokedReason: 'demo_password_retired' });
    expect(ended!.revokedAt).toBeInstanceOf(Date);
    expect(await getDb().select().from(orders).where(eq(orders.userId, demo!.id))).toHaveLength(DEMO_PURCHASES.length);
  });
});

describe('demoRequested', () => {
  it('is --demo or SEED_DEMO=true, nothing else', () => {
    expect(demoRequested([], undefined)).toBe(false);
    expect(demoRequested([], false)).toBe(false);
    expect(demoRequested(['--demo'], false)).toBe(true);
    expect(demoRequested([], true)).toBe(true);
  });
});
