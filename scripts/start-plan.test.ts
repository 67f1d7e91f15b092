import { describe, expect, it } from 'vitest';
import { parseEnv } from '../lib/env-schema';
import { isLoopbackHost, startPlan } from './start-plan';

// What `npm start` sees after prepareRuntime: DATABASE_URL is set in both cases (by the embedded Postgres, or by the operator).
const base = { DATABASE_URL: 'postgres://u@localhost/db', AUTH_SECRET: 'x'.repeat(32), AUTH_PEPPER: 'y'.repeat(32) };
const plan = (env: Record<string, string>, embedded: boolean) => startPlan(parseEnv({ ...base, ...env }), embedded);

describe('startPlan: demo accounts', () => {
  it('seeds them on the embedded default only, unless SEED_DEMO says otherwise', () => {
    expect(plan({}, true).seedDemo).toBe(true);
    expect(plan({}, false).seedDemo).toBe(false);
    expect(plan({ SEED_DEMO: 'true' }, false).seedDemo).toBe(true);
    expect(plan({ SEED_DEMO: 'false' }, true).seedDemo).toBe(false);
  });

  it('refuses a SEED_DEMO that is not a yes or no, naming it', () => {
    expect(() => plan({ SEED_DEMO: 'demo please' }, false)).toThrow(/SEED_DEMO: must be true or false/);
  });
});

describe('startPlan: the listen address', () => {
  it('is 127.0.0.1 for the embedded demo, 0.0.0.0 for a deployment, HOSTNAME when set', () => {
    expect(plan({}, true).host).toBe('127.0.0.1');
    expect(plan({}, false).host).toBe('0.0.0.0');
    expect(plan({ HOSTNAME: '0.0.0.0' }, true).host).toBe('0.0.0.0');
    expect(plan({ HOSTNAME: ' 10.0.0.5 ' }, false).host).toBe('10.0.0.5');
    expect(plan({ HOSTNAME: '' }, true).host).toBe('127.0.0.1');
  });

  it('counts only localhost, 127.0.0.0/8 and ::1 as loopback', () => {
    for (const h of ['localhost', 'LOCALHOST', '127.0.0.1', '127.1.2.3', '::1', '[::1]', '0:0:0:0:0:0:0:1']) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '10.0.0.5', '192.168.1.2', '::ffff:10.0.0.1', 'myhost', 'localhost.example.com', '128.0.0.1', '']) expect(isLoopbackHost(h), h).toBe(false);
  });
});

describe('startPlan: /dev/mail', () => {
  it('is on for the embedded demo on localhost, with a warning line', () => {
    const p = plan({}, true);
    expect(p).toMatchObject({ devMailViewer: true, mailViewerOpen: true });
    expect(p.notices.filter((n) => n.startsWith('WARNING: /dev/mail is on'))).toHaveLength(1);
    expect(plan({ HOSTNAME: 'localhost' }, true).mailViewerOpen).toBe(true);
  });

  it('is off for the embedded demo bound to another address or served on https, and says why', () => {
    const open = plan({ HOSTNAME: '0.0.0.0' }, true);
    expect(open).toMatchObject({ devMailViewer: false, mailViewerOpen: false });
    expect(open.notices).toEqual(['/dev/mail is off: the server listens on 0.0.0.0, which other machines may reach. Mail stays in the outbox table.']);
    const https = plan({ APP_URL: 'https://accounts.example.com' }, true);
    expect(https).toMatchObject({ devMailViewer: false, mailViewerOpen: false });
    expect(https.notices).toEqual(['/dev/mail is off: APP_URL is https://. Mail stays in the outbox table.']);
  });

  it('is off for a deployment unless DEV_MAIL_VIEWER=true, and then warns', () => {
    expect(plan({}, false)).toMatchObject({ devMailViewer: false, mailViewerOpen: false, notices: [] });
    const asked = plan({ DEV_MAIL_VIEWER: 'true' }, false);
    expect(asked.mailViewerOpen).toBe(true);
    expect(asked.notices[0]).toMatch(/^WARNING: \/dev\/mail is on \(listening on 0\.0\.0\.0\): whoever reaches this server reads every email/);
    expect(plan({ DEV_MAIL_VIEWER: 'false' }, true)).toMatchObject({ mailViewerOpen: false, notices: [] });
  });

  it('stays off on an https APP_URL or with Resend even when DEV_MAIL_VIEWER=true', () => {
    const https = plan({ DEV_MAIL_VIEWER: 'true', APP_URL: 'https://accounts.example.com' }, true);
    expect(https.mailViewerOpen).toBe(false);
    expect(https.notices).toEqual(['DEV_MAIL_VIEWER=true is ignored: APP_URL is https://, so /dev/mail answers 404.']);
    const resend = plan({ DEV_MAIL_VIEWER: 'true', RESEND_API_KEY: 're_123' }, true);
    expect(resend).toMatchObject({ mailViewerOpen: false, notices: [] });
  });
});
