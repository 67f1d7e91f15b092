/**
 * Only same-site paths may follow sign-in: `/account/...`, never `//evil.example` or a full URL.
 * Backslashes and control characters are refused too: browsers strip tabs and newlines
 * and read `\\` as `/`, so `/\t/evil.example` would otherwise leave the site.
 */
export function safeNext(next: unknown, fallback = '/account'): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(next) || next.length > 512) return fallback;
  return next;
}
