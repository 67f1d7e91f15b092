import { NextResponse, type NextRequest } from 'next/server';

/**
 * Early redirects and response headers only. This is not a security boundary:
 * every page, action and route handler checks the session itself (server/auth/current.ts).
 */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const nonce = btoa(crypto.randomUUID());
  const dev = process.env.NODE_ENV === 'development';
  const csp = [
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

  const hasSessionCookie = request.cookies.getAll().some((c) => c.name.endsWith('authjs.session-token'));
  const isPrivate = pathname === '/account' || pathname.startsWith('/account/') || pathname === '/admin' || pathname.startsWith('/admin/');
  if (isPrivate && !hasSessionCookie && pathname.startsWith('/account')) {
    const url = request.nextUrl.clone();
    url.pathname = '/sign-in';
    url.search = `?next=${encodeURIComponent(pathname + search)}`;
    return NextResponse.redirect(url);
  }

  // Next.js reads the nonce from the request's CSP header and puts it on its own scripts.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('content-security-policy', csp);
  requestHeaders.set('x-nonce', nonce);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('content-security-policy', csp);
  response.headers.set('x-content-type-options', 'nosniff');
  response.headers.set('x-frame-options', 'DENY');
  response.headers.set('referrer-policy', 'strict-origin-when-cross-origin');
  response.headers.set('permissions-policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()');
  if (request.nextUrl.protocol === 'https:' || process.env.APP_URL?.startsWith('https://')) {
    response.headers.set('strict-transport-security', 'max-age=63072000; includeSubDomains; preload');
  }
  if (isPrivate) response.headers.set('cache-control', 'no-store');
  return response;
}

export const config = {
  // Everything but static assets; API routes get headers too.
  matcher: ['/((?!_next/static|_next/image|favicon.ico|icon.svg).*)'],
};
