/** Only same-site paths may follow sign-in: `/account/...`, never `//evil.example` or a full URL. */
export function safeNext(next: unknown, fallback = '/account'): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.length > 512) return fallback;
  return next;
}
