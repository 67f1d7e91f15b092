import 'server-only';
import { Lru } from '@/lib/lru';

/**
 * A per-client token bucket held in this process's memory (docs/decisions/008):
 * each client starts with `perMinute` tokens, a beacon takes one, and tokens come
 * back at `perMinute` a minute. It only protects this instance from a flood;
 * it is keyed by a salted hash of the address, which is never stored.
 */
export class FloodGuard {
  private readonly buckets: Lru<{ tokens: number; at: number }>;

  constructor(
    private readonly perMinute: number,
    maxClients = 10_000,
  ) {
    // A bucket left alone for a minute is full again, so forgetting it then changes nothing.
    this.buckets = new Lru(maxClients, 60_000);
  }

  /** Takes a token for `key`; false when the bucket is empty. */
  take(key: string, now: number = Date.now()): boolean {
    const b = this.buckets.get(key, now) ?? { tokens: this.perMinute, at: now };
    const tokens = Math.min(this.perMinute, b.tokens + (Math.max(0, now - b.at) * this.perMinute) / 60_000);
    const ok = tokens >= 1;
    this.buckets.set(key, { tokens: ok ? tokens - 1 : tokens, at: now }, now);
    return ok;
  }
}
