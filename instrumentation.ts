import type { Instrumentation } from 'next';

/** Logs every unexpected server error once, with the request id the error page shows. */
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
    error: { name: err.name, message: err.message, stack: err.stack },
  });
};
