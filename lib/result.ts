/** The one result type every server action returns. */
export type ActionResult<T = undefined> =
  | { ok: true; data: T }
  | { ok: false; formError?: string; fieldErrors?: Record<string, string[] | undefined> };

export const ok = <T>(data: T): ActionResult<T> => ({ ok: true, data });
export const fail = (formError?: string, fieldErrors?: Record<string, string[] | undefined>): { ok: false; formError?: string; fieldErrors?: Record<string, string[] | undefined> } => ({
  ok: false,
  ...(formError ? { formError } : {}),
  ...(fieldErrors ? { fieldErrors } : {}),
});
