import { fillPlaceholders, sql, type Placeholder } from 'drizzle-orm';
import type { Database } from './client';
import { decodeTogether, togetherSql, type ReadPart, type Together } from './read-together';
import { countQuery } from './request-metrics';

/**
 * Statements every signed-in request runs (the session load, each page's reads) are
 * built once per process with placeholders for what varies, and Postgres parses
 * and plans each once per connection (a named prepared statement). Building them
 * per request cost ≈ 1 ms of Drizzle's query builder on the app's one thread, and
 * Postgres spent three times as long planning the page's statement as running it
 * (docs/decisions/037).
 */

/** A value, or the placeholder standing for it in a statement built once. */
export type Bindable<T> = T | Placeholder;

/** A time as a timestamptz in an `sql` template, given as a Date or a placeholder (filled with an ISO string). */
export const timestamptz = (v: Bindable<Date>) => sql`${v instanceof Date ? v.toISOString() : v}::timestamptz`;

type Placeholders<N extends string> = { [K in N]: Placeholder<K> };
const placeholders = <N extends string>(names: readonly N[]) => Object.fromEntries(names.map((n) => [n, sql.placeholder(n)])) as Placeholders<N>;

/** `build(db, placeholders)` made once per database handle: Drizzle's own prepared statements (`.prepare(name)`). */
export function builtOnce<N extends string, T>(names: readonly N[], build: (db: Database, p: Placeholders<N>) => T): (db: Database) => T {
  const built = new WeakMap<Database, T>();
  return (db) => {
    let q = built.get(db);
    if (!q) built.set(db, (q = build(db, placeholders(names))));
    return q;
  };
}

/**
 * `readTogether` (db/read-together.ts) as a statement built once: `build` gets a
 * placeholder for each name, and each call fills them from `values`.
 */
export function preparedTogether<N extends string, T extends Record<string, ReadPart>>(names: readonly N[], build: (db: Database, p: Placeholders<N>) => T) {
  const statement = builtOnce(names, (db, p) => {
    const parts = build(db, p);
    const { sql: text, params } = db.execute(togetherSql(parts)).getQuery();
    return { parts, text, params };
  });
  // Values go to the driver as they are, not through a column's encoder: a time is its ISO string.
  return async (db: Database, values: { [K in N]: string | number | null }): Promise<Together<T>> => {
    const { parts, text, params } = statement(db);
    countQuery();
    const rows = await db.$client.unsafe<Record<string, unknown>[]>(text, fillPlaceholders(params, values) as (string | number | null)[], { prepare: true });
    return decodeTogether(parts, rows[0]!);
  };
}
