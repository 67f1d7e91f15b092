import Bowser from 'bowser';
import { Lru } from './lru';

/**
 * OS versions browsers freeze in their user agents: every Mac reports 10.15(.7)
 * (Catalina) and Windows 11 reports NT 10.0. Naming them would tell a user on
 * Sonoma or Windows 11 that a sign-in came from a system they do not have.
 */
const frozenOsVersion = (name?: string, version?: string) => (name === 'macOS' && /^10\.15(\.|$)/.test(version ?? '')) || (name === 'Windows' && version === 'NT 10.0');

// A page lists a few dozen sign-ins and sessions, mostly from the same few browsers, and Bowser's
// parse is ≈ 15 µs: the names are kept by user agent (bounded, the least recently used dropped first).
const named = new Lru<string>(2_000, Infinity);

/** "Chrome 120 on macOS" from a user agent; "Unknown device" when there is none. */
export function describeDevice(userAgent: string | null | undefined): string {
  if (!userAgent) return 'Unknown device';
  let name = named.get(userAgent);
  if (name === undefined) named.set(userAgent, (name = parseDevice(userAgent)));
  return name;
}

function parseDevice(userAgent: string): string {
  const ua = Bowser.parse(userAgent);
  const browser = [ua.browser.name, ua.browser.version?.split('.')[0]].filter(Boolean).join(' ');
  const osVersion = frozenOsVersion(ua.os.name, ua.os.version) ? undefined : (ua.os.versionName ?? ua.os.version?.split('.')[0]);
  const os = [ua.os.name, osVersion].filter(Boolean).join(' ');
  if (!browser && !os) return 'Unknown device';
  return os ? `${browser || 'Browser'} on ${os}` : browser;
}
