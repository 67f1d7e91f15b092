import type { ActionResult } from '@/lib/result';

/** The data of a successful ActionResult; anything else fails the test with the whole answer. */
export function unwrap<T>(r: ActionResult<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r)}`);
  return r.data;
}
