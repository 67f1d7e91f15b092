import 'server-only';
import { headers } from 'next/headers';

/**
 * The serving process (scripts/serve.ts) derives the client IP from the socket
 * and the trusted proxy hops only, and overwrites these headers on every request,
 * so a client cannot set them.
 */
export const CLIENT_IP_HEADER = 'x-client-ip';
export const REQUEST_ID_HEADER = 'x-request-id';

export interface RequestContext {
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

export function contextFrom(h: Headers): RequestContext {
  return {
    ip: h.get(CLIENT_IP_HEADER),
    userAgent: h.get('user-agent')?.slice(0, 512) ?? null,
    requestId: h.get(REQUEST_ID_HEADER),
  };
}

export async function requestContext(): Promise<RequestContext> {
  return contextFrom(await headers());
}

