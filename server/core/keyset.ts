import 'server-only';
import { sql, type AnyColumn } from 'drizzle-orm';
import { z } from 'zod';

/*
 * Keyset pagination in due-date order, shared by the staff queues (inaccuracy
 * reports, contact messages): the cursor is `<due ISO with microseconds>_<id>`.
 */

export type QueryParams = URLSearchParams | Record<string, string | string[] | undefined>;

/** One query-string value, whether from a URLSearchParams or Next's searchParams object. */
export function firstParam(params: QueryParams, key: string): string | undefined {
  const v = params instanceof URLSearchParams ? params.get(key) : params[key];
  return (Array.isArray(v) ? v[0] : v) ?? undefined;
}

/** A cursor from the query string; anything malformed is no cursor (the first page). */
export const cursorSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z_\d{1,10}$/)
  .optional()
  .catch(undefined);

/** The due date as the cursor writes it. Microseconds: a millisecond ISO string would repeat rows across pages. */
export const cursorDue = (due: AnyColumn) => sql<string>`to_char(${due} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Rows after the cursor in (due, id) order. */
export function afterCursor(due: AnyColumn, id: AnyColumn, after: string) {
  const [iso, n] = after.split('_') as [string, string];
  return sql`(${due}, ${id}) > (${iso}::timestamptz, ${Number(n)})`;
}

/** A page from a query that fetched `pageSize + 1` rows: the rows to show, and the cursor of the next page (null on the last). */
export function keysetPage<R extends { cursor: string; id: number }>(rows: R[], pageSize: number): { page: R[]; next: string | null } {
  const page = rows.slice(0, pageSize);
  const last = page.at(-1);
  return { page, next: rows.length > pageSize && last ? `${last.cursor}_${last.id}` : null };
}
