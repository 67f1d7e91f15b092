import 'server-only';
import { Resolver } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { domainType, type DomainType } from '@/lib/analytics';
import { ipKey } from './ip-key';
import { Lru } from '@/lib/lru';

/** Answers a reverse DNS query: the host names of an address (may reject). */
export type ReverseLookup = (ip: string, timeoutMs: number) => Promise<string[]>;

const local = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const)
  local.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::1', 128],
  ['::', 128],
  ['fc00::', 7],
  ['fe80::', 10],
] as const)
  local.addSubnet(net, prefix, 'ipv6');

/** Loopback, private, link-local and carrier-grade NAT addresses: no public name to look up. */
export function isLocalAddress(ip: string): boolean {
  const v4 = ip.replace(/^::ffff:/i, '');
  if (isIP(v4) === 4) return local.check(v4, 'ipv4');
  return isIP(ip) === 6 && local.check(ip, 'ipv6');
}

/** The system resolver, one query, given up after `timeoutMs`. */
export const systemReverse: ReverseLookup = async (ip, timeoutMs) => {
  const resolver = new Resolver({ timeout: timeoutMs, tries: 1 });
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      resolver.reverse(ip),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          resolver.cancel();
          reject(new Error('reverse lookup timed out'));
        }, timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
};

/**
 * The visitor's domain type (.com, .edu, a country code …) from a reverse DNS
 * look-up of their address. Only the type is kept, in a bounded cache keyed by
 * a salted hash of the address: neither the address nor the host name is
 * stored anywhere. Local addresses are `local`; no address, no name, an error
 * or a slow answer is `unknown`.
 */
export class VisitorClassifier {
  private readonly cache: Lru<Promise<DomainType>>;

  constructor(
    private readonly opts: { lookup?: ReverseLookup; timeoutMs?: number; maxEntries?: number; ttlMs?: number } = {},
  ) {
    this.cache = new Lru(opts.maxEntries ?? 5_000, opts.ttlMs ?? 3_600_000);
  }

  classify(ip: string | null): Promise<DomainType> {
    if (!ip || !isIP(ip)) return Promise.resolve('unknown');
    if (isLocalAddress(ip)) return Promise.resolve('local');
    const key = ipKey(ip);
    const cached = this.cache.get(key);
    if (cached) return cached;
    // The promise is cached, so a burst from one new address makes one query.
    const pending = (this.opts.lookup ?? systemReverse)(ip.replace(/^::ffff:/i, ''), this.opts.timeoutMs ?? 300).then(
      (names) => (names.length > 0 ? domainType(names[0]) : 'unknown'),
      () => 'unknown' as const,
    );
    this.cache.set(key, pending);
    return pending;
  }
}
