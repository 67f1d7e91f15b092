import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { e2eEnv, expect, test } from './fixtures';

/*
 * Two app instances on one Postgres (docs/decisions/034): the e2e server and a
 * second process on the same build, database and secrets. Whatever a guess or a
 * revocation does on one instance holds on the other at once, because throttles
 * and sessions live in Postgres, not in either process.
 */

const root = path.resolve(import.meta.dirname, '..');
const COOKIE = 'authjs.session-token';

async function startSecondInstance(): Promise<{ url: string; child: ChildProcess }> {
  const env = e2eEnv();
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/testing/second-server.ts'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: env.DATABASE_URL, AUTH_SECRET: env.AUTH_SECRET, AUTH_PEPPER: env.AUTH_PEPPER, APP_URL: env.baseURL, DEFAULT_PHONE_REGION: 'GB', RUN_WORKER: 'false', NODE_ENV: 'production', DEV_MAIL_VIEWER: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`second instance exited (${code}): ${out}`)));
  });
  child.stdout!.resume();
  child.stderr!.resume();
  return { url: `http://127.0.0.1:${port}`, child };
}

/** A PIN sign-in over HTTP through Auth.js's credentials callback on one instance: the session cookie, or why not. */
async function pinSignIn(base: string, mobile: string, pin: string): Promise<{ cookie?: string; code?: string }> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = csrf.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const res = await fetch(`${base}/api/auth/callback/pin`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar },
    body: new URLSearchParams({ mobile, pin, csrfToken }),
  });
  const session = res.headers.getSetCookie().find((c) => c.startsWith(`${COOKIE}=`) && !c.startsWith(`${COOKIE}=;`));
  const code = new URL(res.headers.get('location') ?? '/', base).searchParams.get('code') ?? undefined;
  return { cookie: session?.split(';')[0], code };
}

const status = async (base: string, cookie: string) => (await fetch(`${base}/account`, { headers: { cookie }, redirect: 'manual' })).status;

test.describe('two app instances on one database', () => {
  test.describe.configure({ mode: 'serial' });
  let second: { url: string; child: ChildProcess };
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    second = await startSecondInstance();
  });
  test.afterAll(() => {
    second?.child.kill('SIGTERM');
  });

  test('wrong PINs count on both instances: five spread over the two lock the PIN on both', async ({ baseURL, createUser, sql }) => {
    const user = await createUser();
    const wrong = user.pin === '000000' ? '111111' : '000000';
    const first = baseURL!;
    // Alternate: 3 on the first instance, 2 on the second.
    for (const base of [first, second.url, first, second.url, first]) expect((await pinSignIn(base, user.mobile!, wrong)).code, base).toMatch(/^(invalid|locked:\d+)$/);
    const [row] = await sql`select failures, locked_until from throttles where key = ${`pin:${user.mobile}`}`;
    expect(row).toMatchObject({ failures: 5 });
    expect(row!.locked_until).not.toBeNull();
    // The right PIN is refused on either instance while the lock holds.
    for (const base of [first, second.url]) {
      const r = await pinSignIn(base, user.mobile!, user.pin!);
      expect(r.cookie, base).toBeUndefined();
      expect(r.code, base).toMatch(/^locked:\d+$/);
    }
  });

  test('a session ended on one instance is refused by the other at once, and one signed in on either works on both', async ({ baseURL, createUser, sql }) => {
    const user = await createUser();
    const first = baseURL!;
    const a = await pinSignIn(second.url, user.mobile!, user.pin!);
    expect(a.cookie, 'signed in on the second instance').toBeTruthy();
    const b = await pinSignIn(first, user.mobile!, user.pin!);
    expect(b.cookie, 'signed in on the first instance').toBeTruthy();
    // Either cookie opens /account on either instance.
    for (const base of [first, second.url]) for (const c of [a.cookie!, b.cookie!]) expect(await status(base, c), base).toBe(200);

    // Sign out of the second instance's session through the first instance (Auth.js's own endpoint revokes the row).
    const csrf = await fetch(`${first}/api/auth/csrf`, { headers: { cookie: a.cookie! } });
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const jar = [a.cookie!, ...csrf.headers.getSetCookie().map((c) => c.split(';')[0])].join('; ');
    const out = await fetch(`${first}/api/auth/signout`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar }, body: new URLSearchParams({ csrfToken, callbackUrl: '/sign-in' }) });
    expect(out.status).toBeLessThan(400);
    // The copied cookie of that session is dead on both instances at once; the other session lives on.
    for (const base of [second.url, first]) {
      expect(await status(base, a.cookie!), base).toBe(307);
      expect(await status(base, b.cookie!), base).toBe(200);
    }

    // "Sign out everywhere" as the database records it (a password reset, "this wasn't me"): both instances refuse at once.
    await sql`update sessions set revoked_at = now(), revoked_reason = 'signed_out_everywhere' where user_id = ${user.id} and revoked_at is null`;
    for (const base of [first, second.url]) expect(await status(base, b.cookie!), base).toBe(307);
  });
});
