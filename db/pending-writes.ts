/**
 * Writes a request starts and does not wait for (an analytics beacon is
 * answered 204 first, stored just after), so that shutting down can wait for
 * them instead of losing them. On globalThis: the HTTP layer (scripts/serve.ts)
 * and the app bundle load this module separately.
 */
const g = globalThis as unknown as { __pendingWrites?: Set<Promise<unknown>> };
const pending: Set<Promise<unknown>> = (g.__pendingWrites ??= new Set());

/** Registers a write in flight; returns it. */
export function trackWrite<T>(write: Promise<T>): Promise<T> {
  pending.add(write);
  void write.finally(() => pending.delete(write)).catch(() => {});
  return write;
}

/** Waits for the writes in flight (and any they start), at most `timeoutMs`. */
export async function drainWrites(timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (pending.size > 0 && Date.now() < deadline) {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([...pending]), new Promise((r) => (timer = setTimeout(r, deadline - Date.now())))]);
    clearTimeout(timer);
  }
}

export const pendingWriteCount = () => pending.size;
