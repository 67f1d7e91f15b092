import { spawn } from 'node:child_process';
import path from 'node:path';
import type { APIResponse, Page } from '@playwright/test';
import { e2eEnv, expect, expectAccessible, test } from './fixtures';
import { expectSignedIn, field, gotoForm } from './helpers';

const root = path.resolve(import.meta.dirname, '..');

const nonceOf = (csp: string | undefined) => /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp ?? '')?.[1];

/** The directives every page's and API's CSP must hold, beside its nonce. */
function expectStrictCsp(csp: string | undefined) {
  const directives = new Map(
    (csp ?? '').split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name!, values.join(' ')];
    }),
  );
  expect(directives.get('object-src')).toBe("'none'");
  expect(directives.get('base-uri')).toBe("'self'");
  expect(directives.get('frame-ancestors')).toBe("'none'");
  expect(directives.get('default-src')).toBe("'self'");
  expect(directives.get('script-src')).toMatch(/^'self' 'nonce-[A-Za-z0-9+/=]{16,}' 'strict-dynamic'$/);
  expect(directives.get('form-action')).toBe("'self'");
}

function expectConstantHeaders(r: APIResponse) {
  const h = r.headers();
  expect(h['x-content-type-options']).toBe('nosniff');
  expect(h['x-frame-options']).toBe('DENY');
  expect(h['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(h['cross-origin-opener-policy']).toBe('same-origin');
}

test.describe('security headers', () => {
  test('CSP with a fresh nonce per request, on Next’s own scripts too; nosniff, no framing; no HSTS on an http APP_URL', async ({ request }) => {
    const seen = new Set<string>();
    for (const path of ['/sign-in', '/sign-in', '/', '/privacy']) {
      const r = await request.get(path);
      expect(r.status()).toBe(200);
      const csp = r.headers()['content-security-policy'];
      expectStrictCsp(csp);
      expectConstantHeaders(r);
      expect(r.headers()['strict-transport-security']).toBeUndefined();
      const nonce = nonceOf(csp)!;
      expect(seen.has(nonce), 'a nonce is never reused').toBe(false);
      seen.add(nonce);
      // Every script the page carries has this request's nonce (strict-dynamic trusts what they load).
      const html = await r.text();
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag, tag).toContain(`nonce="${nonce}"`);
    }
    // Route handlers carry them too.
    const api = await request.get('/api/health');
    expectStrictCsp(api.headers()['content-security-policy']);
    expectConstantHeaders(api);
  });

  test('static files the proxy skips are nosniff as well', async ({ request }) => {
    const html = await (await request.get('/sign-in')).text();
    const chunk = /\/_next\/static\/[^"']+\.js/.exec(html)?.[0];
    expect(chunk, 'a script chunk in the page').toBeTruthy();
    const r = await request.get(chunk!);
    expect(r.status()).toBe(200);
    expect(r.headers()['content-type']).toMatch(/javascript/);
    expectConstantHeaders(r);
  });

  test('signed-in account and staff pages are never stored by a cache, nor their router payloads', async ({ page, createUser, signInAs }) => {
    const staff = await createUser({ role: 'staff' });
    await signInAs(page, staff);
    for (const path of ['/account', '/account/security', '/account/profile', '/admin', '/admin/reports']) {
      for (const headers of [{}, { rsc: '1' }] as Record<string, string>[]) {
        // The router's request is sent on to the same path with its cache-busting `_rsc` parameter.
        const r = await page.request.get(path, { headers });
        expect(r.status(), `${path} ${JSON.stringify(headers)}`).toBe(200);
        expect(new URL(r.url()).pathname).toBe(path);
        if (headers.rsc) expect(r.headers()['content-type']).toMatch(/^text\/x-component/);
        expect(r.headers()['cache-control'], path).toMatch(/(^|,\s*)no-store(,|$)/);
        expectStrictCsp(r.headers()['content-security-policy']);
      }
    }
    for (const path of ['/api/session', '/api/account/sessions', '/api/admin/reports']) {
      const r = await page.request.get(path);
      expect(r.status(), path).toBe(200);
      expect(r.headers()['cache-control'], path).toBe('no-store');
    }
  });

  test('HSTS is sent when APP_URL is https', async () => {
    test.setTimeout(90_000);
    const env = e2eEnv();
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/testing/second-server.ts'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: env.DATABASE_URL, AUTH_SECRET: env.AUTH_SECRET, AUTH_PEPPER: env.AUTH_PEPPER, APP_URL: 'https://account.example', RUN_WORKER: 'false', NODE_ENV: 'production', DEV_MAIL_VIEWER: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const port = await new Promise<number>((resolve, reject) => {
        let out = '';
        child.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /listening on (\d+)/.exec(out);
          if (m) resolve(Number(m[1]));
        });
        child.once('exit', (code) => reject(new Error(`second server exited (${code}): ${out}`)));
      });
      for (const path of ['/sign-in', '/api/health']) {
        const r = await fetch(`http://127.0.0.1:${port}${path}`, { redirect: 'manual' });
        expect(r.status, path).toBe(200);
        expect(r.headers.get('strict-transport-security'), path).toBe('max-age=63072000; includeSubDomains');
        expectStrictCsp(r.headers.get('content-security-policy') ?? undefined);
      }
    } finally {
      child.kill('SIGTERM');
    }
  });
});

test.describe('where sign-in lands', () => {
  async function signInFrom(page: Page, signInUrl: string, user: { username: string; password: string }) {
    await gotoForm(page, signInUrl);
    await field(page, 'Username or email').fill(user.username);
    await field(page, 'Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  test('a page of ours asked for before signing in is where sign-in lands @phone', async ({ page, createUser }) => {
    const user = await createUser();
    // Signed out, the page sends to sign-in with itself as `next`.
    await page.goto('/account/security');
    await expect(page).toHaveURL(/\/sign-in\?next=%2Faccount%2Fsecurity$/);
    await expectAccessible(page);
    await signInFrom(page, page.url(), user);
    await expect(page).toHaveURL(/\/account\/security$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Security' })).toBeVisible();
  });

  for (const next of ['https://evil.example/', '//evil.example', '/\\evil.example', 'javascript:alert(1)', '/\r/evil.example']) {
    test(`an outside next=${JSON.stringify(next)} is refused: sign-in lands on /account`, async ({ page, createUser }) => {
      const user = await createUser();
      await signInFrom(page, `/sign-in?next=${encodeURIComponent(next)}`, user);
      await expectSignedIn(page);
      expect(new URL(page.url()).origin).toBe(new URL(e2eEnv().baseURL).origin);
      expect(new URL(page.url()).pathname).toBe('/account');
    });
  }
});
