import Bowser from 'bowser';

/** "Chrome 120 on macOS" from a user agent; "Unknown device" when there is none. */
export function describeDevice(userAgent: string | null | undefined): string {
  if (!userAgent) return 'Unknown device';
  const ua = Bowser.parse(userAgent);
  const browser = [ua.browser.name, ua.browser.version?.split('.')[0]].filter(Boolean).join(' ');
  const os = [ua.os.name, ua.os.versionName ?? ua.os.version?.split('.')[0]].filter(Boolean).join(' ');
  if (!browser && !os) return 'Unknown device';
  return os ? `${browser || 'Browser'} on ${os}` : browser;
}
