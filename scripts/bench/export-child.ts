/**
 * One export in a process of its own (scripts/bench/export.ts runs one per
 * case), so that `maxRSS` is this export's peak memory and nothing else's.
 * Run with the react-server condition (server modules import `server-only`).
 * Prints one JSON line: wall time, peak RSS, RSS before, bytes and rows.
 */
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import postgres from 'postgres';
import { snapshotExport } from '../../server/privacy/export';

const { DATABASE_URL, EXPORT_USER_ID } = process.env;
if (!DATABASE_URL || !EXPORT_USER_ID) throw new Error('DATABASE_URL and EXPORT_USER_ID are required');

const sql = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
await sql`select 1`; // connect before measuring
const rssBefore = process.memoryUsage().rss;
const started = performance.now();
const conn = await sql.reserve();
const { archive, settled } = await snapshotExport(conn, EXPORT_USER_ID, new Date());
let bytes = 0;
await pipeline(
  archive,
  new Writable({
    write(chunk: Buffer, _enc, cb) {
      bytes += chunk.length;
      cb();
    },
  }),
);
const outcome = await settled;
conn.release();
const ms = performance.now() - started;
console.log(JSON.stringify({ outcome, ms, maxRssKb: process.resourceUsage().maxRSS, rssBeforeKb: Math.round(rssBefore / 1024), bytes }));
await sql.end();
