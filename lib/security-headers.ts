/**
 * The security headers of every response, in one place: proxy.ts sets them on
 * pages and route handlers (with a fresh CSP nonce per request), next.config.ts
 * sets the constant ones on the static files the proxy does not run for.
 */

/** The same on every response, pages, APIs and static files alike. */
export const CONSTANT_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  // For browsers without CSP `frame-ancestors`.
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), interest-cohort=()',
  // A page we open, or that opens us, gets no handle on this window.
  'cross-origin-opener-policy': 'same-origin',
};

/** Scripts only from us with this request's nonce; no plugins, no `<base>` elsewhere, never framed. */
export function contentSecurityPolicy(nonce: string, dev = false): string {
  return [
    `default-src 'self'`,
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? ` 'unsafe-eval'` : ''}`,
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data: blob:`,
    `font-src 'self'`,
    `connect-src 'self'`,
    `object-src 'none'`,
    `base-uri 'self'`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
  ].join('; ');
}

/**
 * HSTS when the app is served on an https `APP_URL`, and only then: the
 * operator's setting decides, not a client's `X-Forwarded-Proto`.
 */
export const strictTransportSecurity = (appUrl: string | undefined): string | null =>
  appUrl?.startsWith('https://') ? 'max-age=63072000; includeSubDomains' : null;
