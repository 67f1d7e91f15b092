import { readFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes, randomInt } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { encode } from '@auth/core/jwt';
import { test as base, expect, type Browser, type Page } from '@playwright/test';
import { generateSecret } from 'otplib';
import postgres from 'postgres';
import { sessionCookieNameFor } from '../lib/cookie-names';
import { sealWith, secretBoxKey } from '../lib/secret-box';
import { hashSecretWith } from '../server/auth/secret-hash';
import { uid } from '../test/kit/ids';
import { trackSessionPolls } from './helpers';
import { recordMailSecrets, typed } from './secrets';

export { recordMailSecrets, typed };

const dataDir = path.resolve(import.meta.dirname, '..', '.data');

interface E2EEnv {
  /** The app's own role (docs/decisions/020), as the server connects. */
  DATABASE_URL: string;
  /** The schema's owner (a superuser on the test cluster): for creating databases. */
  DATABASE_OWNER_URL: string;
  AUTH_SECRET: string;
  AUTH_PEPPER: string;
  baseURL: string;
}
let cachedEnv: E2EEnv | undefined;
/** Written by scripts/testing/e2e-server.ts once the server is up. */
export const e2eEnv = () => (cachedEnv ??= JSON.parse(readFileSync(path.join(dataDir, `${process.env.E2E_DATABASE ?? 'e2e'}-env.json`), 'utf8')) as E2EEnv);

export interface TestUser {
  id: string;
  username: string;
  email: string;
  password: string;
  mobile: string | null;
  /** The mobile as a person in the UK would type it: 07700 900123. */
  mobileLocal: string | null;
  pin: string | null;
  role: 'customer' | 'staff' | 'admin';
  /** The authenticator app's secret, when created with `totp: true`. */
  totpSecret: string | null;
}

/** The test kit's id (test/kit/ids.ts), shared with Vitest. */
export const unique = uid;

export interface Mobile {
  /** E.164, as stored: +447700900123. */
  e164: string;
  /** As typed in the UK: 07700 900123. */
  local: string;
  /** International, spaced: +44 7700 900123. */
  international: string;
}

/**
 * A UK mobile that no account uses and that has never been throttled (a
 * brute-force test may have locked it), so tests running in parallel, or again
 * on a reused database, never collide. Ofcom's drama range (07700 900000–900999)
 * first; once a long-lived database has used it up, the 07400 8xxxxx block.
 */
export async function unusedMobile(sql: postgres.Sql): Promise<Mobile> {
  const free = (e164: string) => sql`
    select 1 from users where mobile = ${e164} union all select 1 from throttles where key = ${`pin:${e164}`}`.then((rows) => rows.length === 0);
  const [row] = await sql`
    select '+447700900' || lpad(n::text, 3, '0') as e164 from generate_series(0, 999) n
    where not exists (select 1 from users where mobile = '+447700900' || lpad(n::text, 3, '0'))
      and not exists (select 1 from throttles where key = 'pin:+447700900' || lpad(n::text, 3, '0'))
    order by random() limit 1`;
  let e164 = row?.e164 as string | undefined;
  for (let i = 0; !e164 && i < 20; i++) {
    const candidate = `+4474008${String(randomInt(0, 100000)).padStart(5, '0')}`;
    if (await free(candidate)) e164 = candidate;
  }
  if (!e164) throw new Error('no unused test mobile number left: restart the e2e server for a fresh database');
  const national = `0${e164.slice(3)}`;
  return { e164, local: `${national.slice(0, 5)} ${national.slice(5)}`, international: `+44 ${e164.slice(3, 7)} ${e164.slice(7)}` };
}

const isUniqueViolation = (e: unknown) => (e as { code?: string }).code === '23505';

/** A PIN that passes the rules: no repeats, sequences or short patterns. */
export function randomPin() {
  for (;;) {
    const pin = String(randomInt(100000, 999999));
    if (new Set(pin).size >= 4 && !/(012|123|234|345|456|567|678|789|987|876|765|654|543|432|321|210)/.test(pin)) return pin;
  }
}

/** The server's own Argon2id with this run's pepper. */
const hashSecret = (s: string) => hashSecretWith(e2eEnv().AUTH_PEPPER, s);

type Fixtures = {
  sql: postgres.Sql;
  /** `totp`: an authenticator app already set up (sealed with the server's own secret box). */
  createUser: (opts?: { role?: TestUser['role']; withPin?: boolean; verified?: boolean; totp?: boolean }) => Promise<TestUser>;
  /**
   * `secondFactor`: what the session's second step was. Staff and admins get
   * 'totp' unless told otherwise (staff pages need a two-step session); pass null
   * for a staff session that has not passed two steps.
   */
  signInAs: (page: Page, user: TestUser, opts?: { secondFactor?: 'totp' | 'passkey' | 'recovery_code' | null }) => Promise<{ sessionId: string }>;
  consoleErrors: string[];
  sessionPollTracker: void;
};

export const test = base.extend<Fixtures, { workerSql: postgres.Sql; sharedIpLimits: void }>({
  workerSql: [
    async ({}, use) => {
      const sql = postgres(e2eEnv().DATABASE_URL, { max: 2, onnotice: () => {} });
      await use(sql);
      await sql.end();
    },
    { scope: 'worker' },
  ],
  /**
   * Every test reaches the server from the same address, so the per-network limits
   * (failed sign-ins, sign-ups, reset requests, contact messages per IP) add up across tests and
   * across runs on a reused server. Each worker starts them afresh; no test
   * depends on them, and per-account throttles are left alone.
   */
  sharedIpLimits: [
    async ({ workerSql }, use) => {
      await workerSql`delete from throttles where key like 'ip:%' or key like 'signup-ip:%' or key like 'reset-ip:%' or key like 'contact-ip:%' or key like 'contact-link-ip:%'`;
      await use();
    },
    { scope: 'worker', auto: true },
  ],
  sql: async ({ workerSql }, use) => use(workerSql),

  /** Inserts a user directly (no UI), with a strong random password and, optionally, a mobile and PIN. */
  createUser: async ({ workerSql }, use) => {
    await use(async ({ role = 'customer', withPin = true, verified = true, totp = false } = {}) => {
      const id = unique();
      const username = `u${id}`;
      const email = `${username}@example.test`;
      const password = typed(`test pass ${randomBytes(6).toString('hex')} river`);
      const pin = withPin && role === 'customer' ? typed(randomPin()) : null;
      const [passwordHash, pinHash] = await Promise.all([hashSecret(password), pin ? hashSecret(pin) : null]);
      // Another worker may take the same free number between the pick and the insert: pick again.
      for (let attempt = 0; ; attempt++) {
        const mobile = pin ? await unusedMobile(workerSql) : null;
        try {
          const [row] = await workerSql`
            insert into users (username, email, email_normalized, email_verified_at, mobile, mobile_verified_at, password_hash, pin_hash, role)
            values (${username}, ${email}, ${email}, ${verified ? new Date() : null}, ${mobile?.e164 ?? null}, ${mobile ? new Date() : null},
                    ${passwordHash}, ${pinHash}, ${role})
            returning id`;
          const id = row!.id as string;
          const totpSecret = totp ? generateSecret({ length: 20 }) : null;
          if (totpSecret) {
            const sealed = sealWith(secretBoxKey(e2eEnv().AUTH_PEPPER), totpSecret, id);
            await workerSql`insert into totp_credentials (user_id, secret_encrypted, confirmed_at) values (${id}, ${sealed}, now())`;
          }
          return { id, username, email, password, mobile: mobile?.e164 ?? null, mobileLocal: mobile?.local ?? null, pin, role, totpSecret };
        } catch (e) {
          if (!isUniqueViolation(e) || attempt >= 5) throw e;
        }
      }
    });
  },

  /**
   * Signs a browser context in without the UI: a sessions row as the sign-in would
   * write it (for staff, after a second step) plus the JWT cookie Auth.js would set.
   */
  signInAs: async ({ workerSql, baseURL }, use) => {
    await use(async (page, user, opts = {}) => {
      const secondFactor = opts.secondFactor !== undefined ? opts.secondFactor : user.role === 'customer' ? null : 'totp';
      const [session] = await workerSql`
        insert into sessions (user_id, auth_method, second_factor, absolute_expires_at, ip, user_agent)
        values (${user.id}, 'password', ${secondFactor}, now() + interval '12 hours', '127.0.0.1', 'fixture')
        returning id`;
      const name = sessionCookieNameFor(e2eEnv().baseURL);
      const value = await encode({ token: { sub: user.id, sid: session!.id }, secret: e2eEnv().AUTH_SECRET, salt: name, maxAge: 12 * 3600 });
      await page.context().addCookies([{ name, value, url: baseURL!, httpOnly: true, sameSite: 'Lax' }]);
      return { sessionId: session!.id as string };
    });
  },

  /** Lets helpers wait for the idle dialog's first status poll (helpers.ts sessionPolled). */
  sessionPollTracker: [
    async ({ page }, use) => {
      trackSessionPolls(page);
      await use();
    },
    { auto: true },
  ],

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

/**
 * A second signed-in browser (a member of staff beside the customer), on the same
 * device as the project under test, failing the test on console errors like the
 * main page. A context of its own: axe needs pages made by browser.newContext().
 */
export async function secondSignedInPage(browser: Browser, signInAs: (page: Page, user: TestUser) => Promise<unknown>, user: TestUser, errors: string[]) {
  const { viewport, userAgent, deviceScaleFactor, isMobile, hasTouch } = test.info().project.use;
  const context = await browser.newContext({ viewport, userAgent, deviceScaleFactor, isMobile, hasTouch, baseURL: e2eEnv().baseURL });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await signInAs(page, user);
  return page;
}

/** Runs axe (WCAG 2.1 AA) on the page as it is now; fails on any violation. */
export async function expectAccessible(page: Page) {
  // Violations only: axe skips collecting every passing node, a fifth of its time per page.
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).options({ resultTypes: ['violations'] }).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

/** Routes this worker has checked on arrival, per project: `/account/reports/12` and `/account/reports/13` are one. */
const arrivalsChecked = new Set<string>();
const routeOf = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':uuid').replace(/\d+/g, ':n');
};

/**
 * Goes to a path and checks it with axe: the "every page visited" rule. A page
 * on arrival is checked once per route, project and worker (e2e/a11y.spec.ts
 * checks every page on every project with `always`); the states a test
 * creates afterwards (dialogs, errors, answers) are checked by its own
 * expectAccessible calls, every time. Axe is a quarter of the suite's time.
 */
export async function visit(page: Page, url: string, { always = false } = {}) {
  const response = await page.goto(url);
  await page.waitForLoadState('networkidle');
  const key = `${test.info().project.name} ${routeOf(page.url())}`;
  if (always || !arrivalsChecked.has(key)) {
    await expectAccessible(page);
    arrivalsChecked.add(key);
  }
  return response;
}

/**
 * The newest outbox message to a recipient, read from the database the app
 * writes to. Broadcasts (campaigns, policy notices) are left out: a test
 * running alongside may send one to every account at any moment. Its tokens
 * and codes are recorded as secrets (they must never reach the logs).
 */
export async function latestMail(sql: postgres.Sql, recipient: string) {
  const [m] = await sql`select subject, text from outbox where recipient = ${recipient} and campaign_id is null and headers ->> 'X-Policy-Version' is null order by id desc limit 1`;
  if (m) recordMailSecrets(m.text as string);
  return m as { subject: string; text: string } | undefined;
}

export { expect };
