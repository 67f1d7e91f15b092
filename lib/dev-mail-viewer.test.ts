import { describe, expect, it } from 'vitest';
import { devMailViewerOpen } from './dev-mail-viewer';
import { parseEnv } from './env-schema';

const base = { DATABASE_URL: 'postgres://u@localhost/db', AUTH_SECRET: 'x'.repeat(32), AUTH_PEPPER: 'y'.repeat(32) };
const open = (env: Record<string, string>) => devMailViewerOpen(parseEnv({ ...base, ...env }));

describe('devMailViewerOpen (the rule /dev/mail answers by)', () => {
  it('is closed unless DEV_MAIL_VIEWER=true', () => {
    expect(open({})).toBe(false);
    expect(open({ DEV_MAIL_VIEWER: 'false' })).toBe(false);
    expect(open({ DEV_MAIL_VIEWER: 'true' })).toBe(true);
  });

  it('is closed on an https APP_URL whatever DEV_MAIL_VIEWER says', () => {
    expect(open({ DEV_MAIL_VIEWER: 'true', APP_URL: 'https://accounts.example.com' })).toBe(false);
    expect(open({ DEV_MAIL_VIEWER: 'true', APP_URL: 'HTTPS://accounts.example.com:8443/' })).toBe(false);
    expect(open({ DEV_MAIL_VIEWER: 'true', APP_URL: 'http://localhost:3000' })).toBe(true);
  });

  it('refuses a DEV_MAIL_VIEWER that is not true or false, naming it', () => {
    expect(() => open({ DEV_MAIL_VIEWER: 'yes' })).toThrow(/DEV_MAIL_VIEWER: must be true or false/);
  });
});
