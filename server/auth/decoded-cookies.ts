import 'server-only';
import { Lru } from '@/lib/lru';

/**
 * Session cookies already decoded in this process, by their value.
 *
 * Decoding the Auth.js cookie (an HKDF key derivation, then an AES-CBC-HS512 JWE
 * decrypt and its HMAC check, each a webcrypto job) took ≈ 1.8 ms of CPU on every
 * signed-in request under load, more than the session query (docs/decisions/037).
 * A cookie's value decodes to the same claims until it expires, so each one is
 * decoded once. Only cookies that decoded are kept, so forged ones cannot grow
 * the map; at most `max`, the least recently used dropped first (lib/lru.ts). This saves the crypto, not a
 * check: the session row is still loaded and judged on every request.
 */
export class DecodedCookies<T> {
  private readonly entries: Lru<T>;

  constructor(max = 10_000) {
    this.entries = new Lru<T>(max, Infinity);
  }

  /** The claims of `value`, decoded by `decode` only the first time (or once expired); `decode` answers null for a cookie that does not decode. */
  async get(value: string, decode: () => Promise<{ claims: T; expiresAtMs: number } | null>, nowMs = Date.now()): Promise<T | null> {
    const hit = this.entries.get(value, nowMs);
    if (hit !== undefined) return hit;
    const decoded = await decode();
    if (!decoded || decoded.expiresAtMs <= nowMs) return null;
    this.entries.set(value, decoded.claims, nowMs, decoded.expiresAtMs);
    return decoded.claims;
  }

  get size() {
    return this.entries.size;
  }
}

/** The value of the cookie `name` in a Cookie header, with its chunks (`name.0`, `name.1`, … as Auth.js splits a large one) in order; null when absent. */
export function cookieValue(header: string, name: string): string | null {
  const parts: string[] = [];
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    const key = pair.slice(0, eq).trim();
    if (eq > 0 && (key === name || key.startsWith(`${name}.`))) parts.push(`${key}=${pair.slice(eq + 1).trim()}`);
  }
  return parts.length ? parts.join(';') : null;
}
