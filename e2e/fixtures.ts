import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes, randomInt } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { encode } from '@auth/core/jwt';
import { hash } from '@node-rs/argon2';
import { test as base, expect, type Page } from '@playwright/test';
import postgres from 'postgres';

const dataDir = path.resolve(import.meta.dirname, '..', '.data');

interface E2EEnv {
  DATABASE_URL: string;
  AUTH_SECRET: string;
  AUTH_PEPPER: string;
  baseURL: string;
}
let cachedEnv: E2EEnv | undefined;
/** Written by scripts/testing/e2e-server.ts once the server is up. */
export const e2eEnv = () => (cachedEnv ??= JSON.parse(readFileSync(path.join(dataDir, 'e2e-env.json'), 'utf8')) as E2EEnv);

/** Every secret a test types is recorded, so the runner can prove none reached the logs. */
export function typed<T extends string>(secret: T): T {
  appendFileSync(path.join(dataDir, 'typed-secrets.txt'), `${secret}\n`);
  return secret;
}

export interface TestUser {
  id: string;
  username: string;
  email: string;
  password: string;
  mobile: string | null;
  /** The mobile as a person in the UK would type it: 07700 9xxxxx. */
  mobileLocal: string | null;
  pin: string | null;
  role: 'customer' | 'staff' | 'admin';
}

const unique = () => `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

/** A PIN that passes the rules: no repeats, sequences or short patterns. */
function randomPin() {
  for (;;) {
    const pin = String(randomInt(100000, 999999));
    if (new Set(pin).size >= 4 && !/(012|123|234|345|456|567|678|789|987|876|765|654|543|432|321|210)/.test(pin)) return pin;
  }
}

const hashSecret = (s: string) => hash(s.normalize('NFKC'), { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1, secret: Buffer.from(e2eEnv().AUTH_PEPPER) });

type Fixtures = {
  sql: postgres.Sql;
  createUser: (opts?: { role?: TestUser['role']; withPin?: boolean; verified?: boolean }) => Promise<TestUser>;
  signInAs: (page: Page, user: TestUser) => Promise<{ sessionId: string }>;
  consoleErrors: string[];
};

export const test = base.extend<Fixtures, { workerSql: postgres.Sql }>({
  workerSql: [
    async ({}, use) => {
      const sql = postgres(e2eEnv().DATABASE_URL, { max: 2, onnotice: () => {} });
      await use(sql);
      await sql.end();
    },
    { scope: 'worker' },
  ],
  sql: async ({ workerSql }, use) => use(workerSql),

  /** Inserts a user directly (no UI), with a strong random password and, optionally, a mobile and PIN. */
  createUser: async ({ workerSql }, use) => {
    await use(async ({ role = 'customer', withPin = true, verified = true } = {}) => {
      const id = unique();
      const username = `u${id}`;
      const email = `${username}@example.test`;
      const password = typed(`test pass ${randomBytes(6).toString('hex')} river`);
      const digits = String(randomInt(0, 100000)).padStart(5, '0');
      const mobile = withPin && role === 'customer' ? `+4477009${digits}` : null;
      const pin = mobile ? typed(randomPin()) : null;
      const [row] = await workerSql`
        insert into users (username, email, email_normalized, email_verified_at, mobile, mobile_verified_at, password_hash, pin_hash, role)
        values (${username}, ${email}, ${email}, ${verified ? new Date() : null}, ${mobile}, ${mobile ? new Date() : null},
                ${await hashSecret(password)}, ${pin ? await hashSecret(pin) : null}, ${role})
        returning id`;
      return { id: row!.id as string, username, email, password, mobile, mobileLocal: mobile ? `07700 9${digits}` : null, pin, role };
    });
  },

  /** Signs a browser context in without the UI: a sessions row plus the JWT cookie Auth.js would set. */
  signInAs: async ({ workerSql, baseURL }, use) => {
    await use(async (page, user) => {
      const [session] = await workerSql`
        insert into sessions (user_id, auth_method, absolute_expires_at, ip, user_agent)
        values (${user.id}, 'password', now() + interval '12 hours', '127.0.0.1', 'fixture')
        returning id`;
      const name = 'authjs.session-token';
      const value = await encode({ token: { sub: user.id, sid: session!.id }, secret: e2eEnv().AUTH_SECRET, salt: name, maxAge: 12 * 3600 });
      await page.context().addCookies([{ name, value, url: baseURL!, httpOnly: true, sameSite: 'Lax' }]);
      return { sessionId: session!.id as string };
    });
  },

  /** Like epic-stack: a console.error in the page fails the test. */
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      await use(errors);
      expect(errors, 'console errors in the page').toEqual([]);
    },
    { auto: true },
  ],
});

/** Runs axe (WCAG 2.1 AA) on the page as it is now; fails on any violation. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

/** Goes to a path and checks it with axe: the "every page visited" rule. */
export async function visit(page: Page, url: string) {
  const response = await page.goto(url);
  await page.waitForLoadState('networkidle');
  await expectAccessible(page);
  return response;
}

/** The newest outbox message to a recipient, read from the database the app writes to. */
export async function latestMail(sql: postgres.Sql, recipient: string) {
  const [m] = await sql`select subject, text from outbox where recipient = ${recipient} order by id desc limit 1`;
  return m as { subject: string; text: string } | undefined;
}

export { expect };
