import 'server-only';

/*
 * Pieces of SQL error handling every feature shares. The `postgres` driver puts
 * the server's fields on the error (Drizzle wraps it, keeping it as `cause`).
 */

type PgFields = { code?: string; constraint_name?: string };
const fieldsOf = (e: unknown): PgFields => {
  const err = e as PgFields & { cause?: PgFields };
  return err?.cause?.code || err?.cause?.constraint_name ? err.cause : err ?? {};
};

/** The unique index a failed write ran into (SQLSTATE 23505), or null when it failed for another reason. */
export function uniqueViolation(e: unknown): string | null {
  const f = fieldsOf(e);
  if (f.code && f.code !== '23505') return null;
  return f.code === '23505' ? (f.constraint_name ?? '') : (f.constraint_name ?? null);
}

/** Whether a failed write ran into this unique index (or, without a name, any unique index). */
export const isUniqueViolation = (e: unknown, name?: string) => {
  const c = uniqueViolation(e);
  return c !== null && (name === undefined || c === name);
};
