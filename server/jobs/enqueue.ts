import 'server-only';
import PgBoss from 'pg-boss';
import type postgres from 'postgres';
import { getDb, type DbOrTx } from '@/db/client';
import { QUEUES, type QueueName } from './queue-names';

/** pg-boss runs its SQL through this: the given Drizzle database or transaction's own postgres.js connection. */
export function bossDb(db: DbOrTx): PgBoss.Db {
  const client = (db._.session as unknown as { client: postgres.Sql }).client;
  // pg-boss is written for node-postgres, which sends undefined as NULL and objects as JSON; postgres.js wants that said.
  const param = (v: unknown) => (v === undefined ? null : v !== null && typeof v === 'object' && !(v instanceof Date) && !Array.isArray(v) ? JSON.stringify(v) : v);
  return { executeSql: async (text, values = []) => ({ rows: await client.unsafe(text, values.map(param) as postgres.ParameterOrJSON<never>[]) }) };
}

// A producer only: never started, so it opens no connections and polls nothing; every call passes the caller's db.
const g = globalThis as unknown as { __producer?: PgBoss };
const producer = () => (g.__producer ??= new PgBoss({ db: bossDb(getDb()), supervise: false, schedule: false, migrate: false }));

/**
 * Sends a job inside the caller's transaction: it exists only if the change
 * that asked for it commits (and the worker sees it once it does). Returns the
 * job id.
 */
export async function enqueue(db: DbOrTx, name: QueueName, data: object, options: PgBoss.SendOptions = {}): Promise<string | null> {
  return producer().send(name, data, { ...QUEUES[name], ...options, db: bossDb(db) });
}
