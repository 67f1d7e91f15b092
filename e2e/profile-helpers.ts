/** Helpers for the profile spec: the profile row and history in the database, fields and their errors, and posting to server actions. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type Locator, type Page, type Request } from '@playwright/test';
import type postgres from 'postgres';
import { recordMailSecrets } from './secrets';

export type ProfileField =
  | 'fullName'
  | 'preferredName'
  | 'dateOfBirth'
  | 'addressLine1'
  | 'addressLine2'
  | 'city'
  | 'region'
  | 'postalCode'
  | 'country'
  | 'company'
  | 'preferredLanguage'
  | 'timeZone';

export const LABELS: Record<ProfileField, string> = {
  fullName: 'Full name',
  preferredName: 'Preferred name',
  dateOfBirth: 'Date of birth',
  addressLine1: 'Address line 1',
  addressLine2: 'Address line 2',
  city: 'Town or city',
  region: 'County, state or region',
  postalCode: 'Postal code',
  country: 'Country',
  company: 'Company',
  preferredLanguage: 'Preferred language',
  timeZone: 'Time zone',
};

const COLUMNS: Record<ProfileField, string> = {
  fullName: 'full_name',
  preferredName: 'preferred_name',
  dateOfBirth: 'date_of_birth',
  addressLine1: 'address_line1',
  addressLine2: 'address_line2',
  city: 'city',
  region: 'region',
  postalCode: 'postal_code',
  country: 'country',
  company: 'company',
  preferredLanguage: 'preferred_language',
  timeZone: 'time_zone',
};

/** Every field filled, as a customer with a complete profile would have it. */
export const FULL_PROFILE: Record<ProfileField, string> = {
  fullName: 'Ada Lovelace',
  preferredName: 'Ada',
  dateOfBirth: '1985-12-10',
  addressLine1: '12 St James Square',
  addressLine2: 'Flat 3',
  city: 'London',
  region: 'Greater London',
  postalCode: 'SW1Y 4JH',
  country: 'GB',
  company: 'Analytical Engines Ltd',
  preferredLanguage: 'en-GB',
  timeZone: 'Europe/London',
};

export type ProfileRow = Record<ProfileField, string | null> & { version: number };

/** Inserts or replaces the profile row directly (no UI), at `version`. */
export async function setProfile(sql: postgres.Sql, userId: string, values: Partial<Record<ProfileField, string | null>>, version = 1) {
  const row: Record<string, unknown> = { user_id: userId, version };
  for (const [f, v] of Object.entries(values)) row[COLUMNS[f as ProfileField]] = v;
  await sql`insert into profiles ${sql(row)} on conflict (user_id) do update set ${sql(row)}`;
}

/** The profile row as stored (dates as YYYY-MM-DD text), or undefined when none exists yet. */
export async function profileRow(sql: postgres.Sql, userId: string): Promise<ProfileRow | undefined> {
  const [row] = await sql`
    select full_name, preferred_name, to_char(date_of_birth, 'YYYY-MM-DD') as date_of_birth, address_line1, address_line2, city, region,
           postal_code, country, company, preferred_language, time_zone, version
    from profiles where user_id = ${userId}`;
  if (!row) return undefined;
  const out = { version: row.version as number } as ProfileRow;
  for (const [f, c] of Object.entries(COLUMNS)) out[f as ProfileField] = row[c] as string | null;
  return out;
}

export async function historyRows(sql: postgres.Sql, userId: string) {
  return (await sql`select field, kind, actor from profile_changes where user_id = ${userId} order by id`) as unknown as { field: string; kind: string; actor: string }[];
}

/** The form control labelled exactly `label`. */
export const control = (scope: Page | Locator, label: string) => scope.getByLabel(label, { exact: true });

/** The field is marked invalid and its message is right below it and announced with it. */
export async function expectFieldError(scope: Page | Locator, label: string, message: string) {
  const input = control(scope, label);
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  await expect(input).toHaveAccessibleDescription(new RegExp(message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  const errorId = (await input.getAttribute('aria-describedby'))?.split(' ').find((id) => id.endsWith('-error'));
  expect(errorId, `${label} is described by its error`).toBeTruthy();
  const besideIt = input.locator('xpath=following-sibling::*[1]');
  await expect(besideIt).toHaveAttribute('id', errorId!);
  await expect(besideIt).toHaveText(message);
  await expect(besideIt).toBeVisible();
}

/** A row of a definition list on /account: its value cell. */
export const infoRow = (page: Page, label: string) => page.locator('dl > div').filter({ has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) });

export const isActionPost = (r: Request) => r.method() === 'POST' && !!r.headers()['next-action'];

/**
 * Lets the page post its next server action, but replaces the arguments it
 * sends with `args(original)`: what a client that skips the form's own checks
 * would send. Returns a promise of the action's answer as text.
 */
export async function tamperNextAction(page: Page, args: (original: unknown[]) => unknown[]) {
  let done: (text: string) => void;
  const answered = new Promise<string>((resolve) => (done = resolve));
  let used = false;
  await page.route(
    (url) => url.pathname.startsWith('/account'),
    async (route) => {
      const req = route.request();
      if (used || !isActionPost(req)) return route.fallback();
      used = true;
      const original = JSON.parse(req.postData() ?? '[]') as unknown[];
      const response = await route.fetch({ postData: JSON.stringify(args(original)) });
      const text = await response.text();
      await route.fulfill({ response, body: text });
      done(text);
    },
  );
  return answered;
}

/** The action id and arguments the page posts when `trigger` runs. */
export async function captureAction(page: Page, trigger: () => Promise<unknown>) {
  const request = page.waitForRequest(isActionPost);
  await trigger();
  const r = await request;
  await r.response();
  return { id: r.headers()['next-action']!, args: JSON.parse(r.postData() ?? '[]') as unknown[], url: r.url() };
}

/** Posts to a server action directly, with the cookies of the page's context, as any HTTP client could. */
export async function postAction(page: Page, action: { id: string; url: string }, args: unknown[]) {
  const response = await page.request.post(action.url, {
    headers: { 'next-action': action.id, 'content-type': 'text/plain;charset=UTF-8', accept: 'text/x-component' },
    data: JSON.stringify(args),
  });
  return { status: response.status(), text: await response.text() };
}

/** A UK drama-range mobile no account uses (the fixtures pick from the same range). */
export async function freeMobile(sql: postgres.Sql) {
  const [row] = await sql`
    select '+447700900' || lpad(n::text, 3, '0') as e164 from generate_series(0, 999) n
    where not exists (select 1 from users where mobile = '+447700900' || lpad(n::text, 3, '0'))
    order by random() limit 1`;
  if (!row) throw new Error('every test mobile number is in use: restart the e2e server for a fresh database');
  const e164 = row.e164 as string;
  return { e164, local: `07700 900${e164.slice(-3)}`, international: `+44 7700 900${e164.slice(-3)}` };
}

/** The newest one-time code sent to `recipient` (email or SMS), read from the outbox (and recorded as a secret). */
export async function codeSentTo(sql: postgres.Sql, recipient: string) {
  await expect.poll(async () => (await sql`select count(*)::int as n from outbox where recipient = ${recipient}`)[0]!.n).toBeGreaterThan(0);
  const [m] = await sql`select channel, text from outbox where recipient = ${recipient} order by id desc limit 1`;
  recordMailSecrets(m!.text as string);
  const code = /\b([2-9A-HJ-NP-Z]{8})\b/.exec(m!.text as string)?.[1];
  expect(code, `a code in the message to ${recipient}`).toBeTruthy();
  return { code: code!, channel: m!.channel as string, text: m!.text as string };
}

/** The e2e server's log (another server under test can name its own with E2E_SERVER_LOG). */
const LOG = process.env.E2E_SERVER_LOG ?? path.resolve(import.meta.dirname, '..', '.data', 'e2e-server.log');

/** Every request line in the server's log so far. */
export function requestLogLines() {
  return readFileSync(LOG, 'utf8')
    .split('\n')
    .filter((l) => l.includes('"event":"request"'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** The server's request log line for `requestId` (written when the response finishes). */
export async function requestLogLine(requestId: string) {
  let line: Record<string, unknown> | undefined;
  await expect
    .poll(
      () => {
        const found = readFileSync(LOG, 'utf8')
          .split('\n')
          .find((l) => l.includes(`"requestId":"${requestId}"`) && l.includes('"event":"request"'));
        line = found ? (JSON.parse(found) as Record<string, unknown>) : undefined;
        return !!line;
      },
      { message: `log line for request ${requestId}`, timeout: 10_000 },
    )
    .toBe(true);
  return line!;
}
