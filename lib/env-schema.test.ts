import { describe, expect, it } from 'vitest';
import { parseEnv } from './env-schema';

const good = {
  DATABASE_URL: 'postgres://app:secret@localhost:5432/account_center',
  AUTH_SECRET: 's'.repeat(32),
  AUTH_PEPPER: 'p'.repeat(32),
};

/** The thrown message, or a failure if parseEnv accepted the input. */
function errorOf(source: Record<string, string | undefined>): string {
  try {
    parseEnv(source);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('parseEnv accepted an invalid environment');
}

describe('parseEnv', () => {
  it('applies the policy defaults', () => {
    const env = parseEnv(good);
    expect(env.IDLE_TIMEOUT_CUSTOMER_MINUTES).toBe(30);
    expect(env.IDLE_TIMEOUT_STAFF_MINUTES).toBe(15);
    expect(env.SESSION_ABSOLUTE_HOURS).toBe(12);
    expect(env.IDLE_WARNING_SECONDS).toBe(120);
    expect(env.DEFAULT_PHONE_REGION).toBe('GB');
    expect(env.TRUSTED_PROXY_HOPS).toBe(0);
    expect(env.NODE_ENV).toBe('development');
    expect(env.APP_URL).toBe('http://localhost:3000');
    expect(env.RESEND_API_KEY).toBeUndefined();
  });

  it('coerces numeric settings from strings', () => {
    const env = parseEnv({ ...good, IDLE_TIMEOUT_CUSTOMER_MINUTES: '45', IDLE_TIMEOUT_STAFF_MINUTES: '10', SESSION_ABSOLUTE_HOURS: '8', DEFAULT_PHONE_REGION: 'US' });
    expect(env).toMatchObject({ IDLE_TIMEOUT_CUSTOMER_MINUTES: 45, IDLE_TIMEOUT_STAFF_MINUTES: 10, SESSION_ABSOLUTE_HOURS: 8, DEFAULT_PHONE_REGION: 'US' });
    expect(parseEnv({ ...good, DATABASE_URL: 'postgresql://localhost/db' }).DATABASE_URL).toBe('postgresql://localhost/db');
  });

  it('names a missing DATABASE_URL', () => {
    const { DATABASE_URL: _, ...rest } = good;
    expect(errorOf(rest)).toMatch(/DATABASE_URL: is required but not set/);
  });

  it('names every missing variable in one error', () => {
    const message = errorOf({});
    expect(message).toMatch(/^Invalid environment configuration/);
    for (const name of ['DATABASE_URL', 'AUTH_SECRET', 'AUTH_PEPPER']) expect(message).toMatch(new RegExp(`${name}: is required but not set`));
  });

  it('names a short AUTH_SECRET without echoing it', () => {
    const message = errorOf({ ...good, AUTH_SECRET: 'too-short-secret' });
    expect(message).toMatch(/AUTH_SECRET: must be at least 32 characters/);
    expect(message).not.toMatch(/too-short-secret/);
    expect(message).not.toMatch(/DATABASE_URL|AUTH_PEPPER/);
  });

  it('names a bad DEFAULT_PHONE_REGION', () => {
    for (const region of ['gb', 'GBR', 'G', '44']) {
      expect(errorOf({ ...good, DEFAULT_PHONE_REGION: region })).toMatch(/DEFAULT_PHONE_REGION: must be a two-letter region code such as GB/);
    }
  });

  it('names a non-postgres DATABASE_URL', () => {
    expect(errorOf({ ...good, DATABASE_URL: 'mysql://localhost/db' })).toMatch(/DATABASE_URL: must be a postgres:\/\/ URL/);
    expect(errorOf({ ...good, DATABASE_URL: 'not a url' })).toMatch(/DATABASE_URL: must be a postgres:\/\/ URL/);
  });

  it('names bad numbers and enums', () => {
    expect(errorOf({ ...good, IDLE_TIMEOUT_CUSTOMER_MINUTES: 'thirty' })).toMatch(/IDLE_TIMEOUT_CUSTOMER_MINUTES: /);
    expect(errorOf({ ...good, IDLE_TIMEOUT_STAFF_MINUTES: '-5' })).toMatch(/IDLE_TIMEOUT_STAFF_MINUTES: /);
    expect(errorOf({ ...good, SESSION_ABSOLUTE_HOURS: '0' })).toMatch(/SESSION_ABSOLUTE_HOURS: /);
    expect(errorOf({ ...good, LOG_LEVEL: 'loud' })).toMatch(/LOG_LEVEL: /);
    expect(errorOf({ ...good, TRUSTED_PROXY_HOPS: '11' })).toMatch(/TRUSTED_PROXY_HOPS: /);
  });
});
