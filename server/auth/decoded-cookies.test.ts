import { describe, expect, it } from 'vitest';
import { cookieValue, DecodedCookies } from './decoded-cookies';

describe('DecodedCookies', () => {
  const counting = (claims: string | null, expiresAtMs: number) => {
    const calls = { n: 0 };
    const decode = async () => {
      calls.n++;
      return claims === null ? null : { claims, expiresAtMs };
    };
    return { calls, decode };
  };

  it('decodes a cookie once and answers from memory until it expires', async () => {
    const cache = new DecodedCookies<string>();
    const { calls, decode } = counting('sid-1', 2_000);
    expect(await cache.get('a', decode, 1_000)).toBe('sid-1');
    expect(await cache.get('a', decode, 1_999)).toBe('sid-1');
    expect(calls.n).toBe(1);
    // At its expiry the cookie is decoded again, and the decoder's own answer (expired: nobody) stands.
    expect(await cache.get('a', decode, 2_000)).toBeNull();
    expect(calls.n).toBe(2);
    expect(cache.size).toBe(0);
  });

  it('keeps nothing for a cookie that does not decode: every forged one costs a decode and no memory', async () => {
    const cache = new DecodedCookies<string>();
    const { calls, decode } = counting(null, 0);
    for (let i = 0; i < 3; i++) expect(await cache.get('forged', decode)).toBeNull();
    expect(calls.n).toBe(3);
    expect(cache.size).toBe(0);
  });

  it('holds at most `max` cookies, dropping the oldest', async () => {
    const cache = new DecodedCookies<string>(2);
    const far = Date.now() + 60_000;
    for (const v of ['a', 'b', 'c']) await cache.get(v, async () => ({ claims: v, expiresAtMs: far }));
    expect(cache.size).toBe(2);
    const { calls, decode } = counting('a again', far);
    expect(await cache.get('a', decode)).toBe('a again');
    expect(calls.n).toBe(1);
    expect(await cache.get('c', decode)).toBe('c');
  });
});

describe('cookieValue', () => {
  it('finds the named cookie among others, with its chunks in order, and nothing else', () => {
    expect(cookieValue('x=1; authjs.session-token=abc; y=2', 'authjs.session-token')).toBe('authjs.session-token=abc');
    expect(cookieValue('authjs.session-token.0=ab; other=1; authjs.session-token.1=cd', 'authjs.session-token')).toBe('authjs.session-token.0=ab;authjs.session-token.1=cd');
    expect(cookieValue('authjs.session-tokenx=1; x=authjs.session-token', 'authjs.session-token')).toBeNull();
    expect(cookieValue('', 'authjs.session-token')).toBeNull();
  });
});
