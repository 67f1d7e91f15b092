import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { countQuery } from './request-metrics';
import * as schema from './schema';

export type Database = ReturnType<typeof createDb>;

export function createDb(url: string, options: postgres.Options<Record<string, never>> = {}) {
  const client = postgres(url, {
    max: Number(process.env.DATABASE_POOL_MAX ?? 10),
    connect_timeout: 5,
    idle_timeout: 30,
    onnotice: () => {},
    ...options,
  });
  // Per-request query counts go into the request log line (scripts/serve.ts). Counted as Drizzle
  // issues each query, in the caller's async context: postgres.js's `debug` hook fires when a
  // connection sends it, which for a queued query is another request's context (docs/decisions/033).
  return drizzle(client, { schema, casing: 'snake_case', logger: { logQuery: countQuery } });
}

// One pool per process; kept on globalThis so dev-server reloads do not leak connections.
const g = globalThis as unknown as { __db?: Database };

export function getDb(): Database {
  if (!g.__db) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is not set');
    g.__db = createDb(url);
  }
  return g.__db;
}

export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
export type DbOrTx = Database | Tx;
