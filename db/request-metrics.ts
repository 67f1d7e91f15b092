import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestMetrics {
  queries: number;
}

// On globalThis: the HTTP layer (scripts/serve.ts) and the app bundle load this module separately.
const g = globalThis as unknown as { __requestMetrics?: AsyncLocalStorage<RequestMetrics> };
export const requestMetrics: AsyncLocalStorage<RequestMetrics> = (g.__requestMetrics ??= new AsyncLocalStorage<RequestMetrics>());

/** Counts one database query against the request being served, if any. */
export function countQuery() {
  const m = requestMetrics.getStore();
  if (m) m.queries++;
}
