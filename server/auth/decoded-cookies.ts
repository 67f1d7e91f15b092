import 'server-only';

/**
 * Session cookies already decoded in this process, by their value.
 *
 * Decoding the Auth.js cookie (an HKDF key derivation, then an AES-CBC-HS512 JWE
 * decrypt and its HMAC check, each a webcrypto job) took ≈ 1.8 ms of CPU on every
 * signed-in request under load, more than the session query (docs/decisions/037).
 * A cookie's value decodes to the same claims until it expires, so each one is
 * decoded once. Only cookies that decoded are kept, so forged ones cannot grow
 * the map; at most `max`, the oldest dropped first. This saves the crypto, not a
 * check: the session row is still loaded and judged on every request.
 */
export class DecodedCookies<T> {
  private readonly entries = new Map<string, { claims: T; expiresAtMs: number }>();

  constructor(private readonly max = 10_000) {}

  /** The claims of `value`, decoded by `decode` only the first time (or once expired); `decode` answers null for a cookie that does not decode. */
  async get(value: string, decode: () => Promise<{ claims: T; expiresAtMs: number } | null>, nowMs = Date.now()): Promise<T | null> {
    const hit = this.entries.get(value);
    if (hit && hit.expiresAtMs > nowMs) return hit.claims;
    if (hit) this.entries.delete(value);
    const decoded = await decode();
    if (!decoded || decoded.expiresAtMs <= nowMs) return null;
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(value, decoded);
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
