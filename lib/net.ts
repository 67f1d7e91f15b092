/** Client IP from the socket address and X-Forwarded-For, trusting only the last `trustedHops` proxies. */
export function resolveClientIp(socketIp: string | undefined, forwardedFor: string | undefined, trustedHops: number): string | null {
  const strip = (ip: string) => ip.trim().replace(/^::ffff:/, '');
  if (trustedHops <= 0 || !forwardedFor) return socketIp ? strip(socketIp) : null;
  const hops = forwardedFor.split(',').map(strip).filter(Boolean);
  // Each trusted proxy appended the address it saw; the one `trustedHops` from the end is the client's.
  const candidate = hops[hops.length - trustedHops];
  return candidate && /^[0-9a-f.:]+$/i.test(candidate) ? candidate : socketIp ? strip(socketIp) : null;
}
