import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb, getDb, type Database } from '@/db/client';
import { startEmbeddedPostgres, type EmbeddedServer } from '@/db/embedded';
import { checkHealth } from './health';

const root = path.resolve(import.meta.dirname, '..');
const dir = path.join(root, '.data', `health-pg-${process.pid}`);
const port = 54390 + Math.floor(Math.random() * 100);
const password = 'health-test-only';

let server: EmbeddedServer | undefined;
let db: Database | undefined;

afterAll(async () => {
  await db?.$client.end({ timeout: 1 }).catch(() => {});
  await server?.stop().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

/** Polls until checkHealth says `ok` or the deadline passes; returns the time it took. */
async function waitForHealth(target: Database, ok: boolean, withinMs: number) {
  const started = performance.now();
  for (;;) {
    const result = await checkHealth(target);
    if (result.ok === ok) return performance.now() - started;
    if (performance.now() - started > withinMs) throw new Error(`checkHealth did not become ${ok ? 'ok' : 'unhealthy'} within ${withinMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('checkHealth', () => {
  it('is ok against the test database, with the round trip time', async () => {
    const result = await checkHealth(getDb());
    expect(result.ok).toBe(true);
    expect(result.dbMs).toBeGreaterThanOrEqual(0);
  });

  it('reports a server that does not answer as unhealthy within its timeout', async () => {
    // A closed port: nothing listens on 1.
    const unreachable = createDb('postgres://nobody:x@127.0.0.1:1/none', { max: 1 });
    const started = performance.now();
    expect(await checkHealth(unreachable, 1500)).toEqual({ ok: false });
    expect(performance.now() - started).toBeLessThan(3000);
    await unreachable.$client.end({ timeout: 0 });
  });

  it('goes unhealthy while Postgres is stopped and recovers with the same client, no restart', { timeout: 120_000 }, async () => {
    server = await startEmbeddedPostgres({ dir, port, password });
    db = createDb(server.url('postgres'), { max: 2 });
    expect((await checkHealth(db)).ok).toBe(true);
    // Several connections in the pool, so recovery has stale ones to replace.
    await Promise.all([db.$client`select pg_sleep(0.05)`, db.$client`select pg_sleep(0.05)`]);

    await server.stop();
    server = undefined;
    const downStarted = performance.now();
    const down = await checkHealth(db);
    expect(down.ok).toBe(false);
    expect(performance.now() - downStarted).toBeLessThan(3000);
    // It stays down while the server is down.
    expect((await checkHealth(db)).ok).toBe(false);

    server = await startEmbeddedPostgres({ dir, port, password });
    const recoveredIn = await waitForHealth(db, true, 5000);
    expect(recoveredIn).toBeLessThan(5000);
    // And then keeps answering.
    for (let i = 0; i < 3; i++) expect((await checkHealth(db)).ok).toBe(true);
  });
});
