import { Column, is, SQL, sql, type SQLWrapper } from 'drizzle-orm';
import type { DbOrTx } from './client';

/** A Drizzle select builder over one flat selection (columns or `sql` fields), not yet run. */
export type ReadPart = SQLWrapper & PromiseLike<readonly unknown[]> & { readonly _: { readonly config: { readonly fields: Record<string, unknown> } } };

type Decoder = (value: unknown) => unknown;

function decoderOf(field: unknown, key: string): Decoder {
  if (is(field, Column)) return (v) => (v === null ? null : field.mapFromDriverValue(v));
  // An `sql` field's decoder (set by .mapWith) is internal to Drizzle; without one the value is kept as is.
  const withDecoder = (q: SQL) => (q as unknown as { decoder?: { mapFromDriverValue: Decoder } }).decoder;
  if (is(field, SQL)) return (v) => (v === null ? null : (withDecoder(field)?.mapFromDriverValue(v) ?? v));
  if (is(field, SQL.Aliased)) return (v) => (v === null ? null : (withDecoder(field.sql)?.mapFromDriverValue(v) ?? v));
  throw new Error(`readTogether: field "${key}" is not a column or an sql field (flat selections only)`);
}

/** A select as one json column of an enclosing statement: its rows as a json array, in its order ('[]' for none). */
export const jsonRows = (part: ReadPart) => sql`(select coalesce(json_agg(t), '[]'::json) from (${part}) t)`;

/** The rows of `jsonRows(part)` decoded as awaiting `part` alone would give them. */
export function decodeRows<P extends ReadPart>(part: P, json: unknown): Awaited<P> {
  const entries = Object.entries(part._.config.fields);
  const decoders = entries.map(([name, f]) => decoderOf(f, name));
  const rows = (typeof json === 'string' ? JSON.parse(json) : (json ?? [])) as Record<string, unknown>[];
  return rows.map((r) => {
    // row_to_json keeps the select's column order; values are matched by position.
    const values = Object.values(r);
    if (values.length !== entries.length) throw new Error(`readTogether: a part returned ${values.length} columns for ${entries.length} fields (two selected columns share a name?)`);
    return Object.fromEntries(entries.map(([n], j) => [n, decoders[j]!(values[j])]));
  }) as unknown as Awaited<P>;
}

/**
 * Runs several reads as ONE statement, one round trip: each select becomes a
 * `json_agg` subquery (its ORDER BY and LIMIT kept), and every row comes back
 * decoded by the same columns Drizzle would have used, so each part resolves
 * to what awaiting it alone would give. All parts read one snapshot.
 * docs/decisions/033.
 *
 * Postgres aggregates a sorted subquery's rows in its order (the documented
 * "usually works" of aggregate ordering, reliable for a plain sorted subquery
 * with no join above it, which is the only shape built here).
 */
export async function readTogether<T extends Record<string, ReadPart>>(db: DbOrTx, parts: T): Promise<Together<T>> {
  if (Object.keys(parts).length === 0) return {} as Together<T>;
  const rows = (await db.execute(togetherSql(parts))) as unknown as Record<string, unknown>[];
  return decodeTogether(parts, rows[0]!);
}

export type Together<T extends Record<string, ReadPart>> = { [K in keyof T]: Awaited<T[K]> };

/** The one statement of `readTogether`: a select of one json column per part. */
export function togetherSql(parts: Record<string, ReadPart>): SQL {
  const columns = Object.keys(parts).map((k, i) => sql`${jsonRows(parts[k]!)} as ${sql.identifier(`r${i}`)}`);
  return sql`select ${sql.join(columns, sql`, `)}`;
}

/** Each part's rows from the row `togetherSql(parts)` returned. */
export function decodeTogether<T extends Record<string, ReadPart>>(parts: T, row: Record<string, unknown>): Together<T> {
  return Object.fromEntries(Object.keys(parts).map((k, i) => [k, decodeRows(parts[k]!, row[`r${i}`])])) as Together<T>;
}
