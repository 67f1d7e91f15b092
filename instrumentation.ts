import type { Instrumentation } from 'next';

/**
 * Once per server start: Next.js prints the errors of pages, actions and route
 * handlers to the console itself, so the console prints them in the safe form
 * too (server/log.ts, docs/decisions/019).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { guardConsole } = await import('./server/log');
  guardConsole();
}

/** Logs every unexpected server error once, with the request id the error page shows, without its values (serializeError). */
export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  const { log } = await import('./server/log');
  const err = error as Error & { digest?: string };
  const header = request.headers['x-request-id'];
  log.error({
    event: 'request_error',
    requestId: Array.isArray(header) ? header[0] : header,
    digest: err.digest,
    route: context.routePath,
    routeType: context.routeType,
    err,
  });
};
