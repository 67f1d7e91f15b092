import { describe, expect, it } from 'vitest';
import { describeDevice } from './device';

/** Real user agents, as browsers send them (note the frozen OS versions in the Chromium and Safari ones). */
const UA = {
  chromeWindows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.130 Safari/537.36',
  edgeWindows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91',
  chromeWindows7: 'Mozilla/5.0 (Windows NT 6.1; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/109.0.0.0 Safari/537.36',
  safariIos: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1',
  firefoxLinux: 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0',
  chromeMac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  safariMac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15',
  chromeAndroid: 'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.144 Mobile Safari/537.36',
};

describe('describeDevice', () => {
  it('names the browser (major version) and the OS of real user agents', () => {
    expect(describeDevice(UA.chromeWindows)).toBe('Chrome 120 on Windows');
    expect(describeDevice(UA.edgeWindows)).toBe('Microsoft Edge 120 on Windows');
    expect(describeDevice(UA.safariIos)).toBe('Safari 17 on iOS 17');
    expect(describeDevice(UA.firefoxLinux)).toBe('Firefox 121 on Linux');
    expect(describeDevice(UA.chromeAndroid)).toBe('Chrome 120 on Android 14');
  });

  it('does not claim an OS version that browsers freeze in their user agent', () => {
    // Every Chrome and Safari on a Mac says 10_15_7 (Catalina) and Windows 11 says NT 10.0:
    // naming "macOS Catalina" or "Windows 10" would make a user doubt a sign-in that was theirs.
    expect(describeDevice(UA.chromeMac)).toBe('Chrome 120 on macOS');
    expect(describeDevice(UA.safariMac)).toBe('Safari 17 on macOS');
    // A version that is not frozen is still shown.
    expect(describeDevice(UA.chromeWindows7)).toBe('Chrome 109 on Windows 7');
  });

  it('falls back to "Unknown device" for missing, empty and unparseable user agents', () => {
    for (const ua of [null, undefined, '', '   ', 'xyzzy ☃ <script>alert(1)</script>', 'curl/8.4.0', '\u0000\u0001', 'x'.repeat(600)]) {
      expect(describeDevice(ua), JSON.stringify(ua)).toBe('Unknown device');
    }
  });

  it('never echoes raw user agent text, so nothing a client sends is shown verbatim', () => {
    const forged = 'Mozilla/5.0 (Windows NT 10.0) Chrome/120.0 <img src=x onerror=alert(1)>';
    expect(describeDevice(forged)).not.toContain('<');
  });
});
