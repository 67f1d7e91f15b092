import { NextResponse, type NextRequest } from 'next/server';
import { CONSTANT_SECURITY_HEADERS, contentSecurityPolicy, strictTransportSecurity } from '@/lib/security-headers';

/**
 * Early redirects and response headers only. This is not a security boundary:
 * every page, action and route handler checks the session itself (server/auth/current.ts).
 */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const nonce = btoa(crypto.randomUUID());
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === 'development');

  const hasSessionCookie = request.cookies.getAll().some((c) => c.name.endsWith('authjs.session-token'));
  const isPrivate = pathname === '/account' || pathname.startsWith('/account/') || pathname === '/admin' || pathname.startsWith('/admin/');
  if (isPrivate && !hasSessionCookie && pathname.startsWith('/account')) {
    const url = request.nextUrl.clone();
    url.pathname = '/sign-in';
    url.search = `?next=${encodeURIComponent(pathname + search)}`;
    return secured(NextResponse.redirect(url), csp);
  }

  // Next.js reads the nonce from the request's CSP header and puts it on its own scripts.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('content-security-policy', csp);
  requestHeaders.set('x-nonce', nonce);
  const response = secured(NextResponse.next({ request: { headers: requestHeaders } }), csp);
  if (isPrivate) response.headers.set('cache-control', 'no-store');
  return response;
}

function secured(response: NextResponse, csp: string) {
  response.headers.set('content-security-policy', csp);
  for (const [name, value] of Object.entries(CONSTANT_SECURITY_HEADERS)) response.headers.set(name, value);
  const hsts = strictTransportSecurity(process.env.APP_URL);
  if (hsts) response.headers.set('strict-transport-security', hsts);
  return response;
}

export const config = {
  // Everything but static assets (next.config.ts gives those the constant headers); API routes get headers too.
  matcher: ['/((?!_next/static|_next/image|favicon.ico|icon.svg).*)'],
};
