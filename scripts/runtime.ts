import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnv } from '../lib/env-schema';
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedServer } from '../db/embedded';
import { committedMigrations, runMigrations } from '../db/migrate';
import { APP_ROLE, appliedMigrations, connectionRole, ensureAppRoleLogin } from '../db/roles';
import { localSecrets } from './secrets';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const dataDir = path.join(root, '.data');

/** Runs a TypeScript entry point of ours with `server-only` resolved as on the server (scripts/server-conditions.mjs), so it may use `server/` modules. */
export function runServerScript(file: string, args: string[] = [], env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(process.execPath, ['--import', './scripts/register-server-conditions.mjs', '--import', 'tsx', path.join(root, file), ...args], { cwd: root, env, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${file} failed (exit ${r.status})`);
}

/**
 * Prepares the database and environment: with DATABASE_URL set it uses that
 * server; otherwise it starts the embedded Postgres under `.data/pg`. Local
 * secrets are generated once into `.data/` when not given by the environment.
 * Migrations run as the owner of the schema (DATABASE_OWNER_URL; the embedded
 * superuser), and the app then connects as its own role (docs/decisions/020).
 */
export async function prepareRuntime(opts: { database: string; port: number; pgDir: string }): Promise<{ embedded?: EmbeddedServer }> {
  const secrets = localSecrets(dataDir);
  process.env.AUTH_SECRET ??= secrets.AUTH_SECRET;
  process.env.AUTH_PEPPER ??= secrets.AUTH_PEPPER;
  let embedded: EmbeddedServer | undefined;
  if (!process.env.DATABASE_URL) {
    console.log(`Starting the embedded Postgres (data in ${path.relative(root, opts.pgDir)}/) ...`);
    embedded = await startEmbeddedPostgres({ dir: opts.pgDir, port: opts.port, password: secrets.PG_PASSWORD });
    await ensureDatabase(embedded.url('postgres'), opts.database);
    process.env.DATABASE_OWNER_URL = embedded.url(opts.database);
  }
  const stop = async (message: string) => {
    await embedded?.stop();
    console.error(message);
    process.exit(1);
  };
  try {
    parseEnv({ ...process.env, DATABASE_URL: process.env.DATABASE_URL ?? process.env.DATABASE_OWNER_URL });
  } catch (e) {
    await stop((e as Error).message);
  }
  const ownerUrl = process.env.DATABASE_OWNER_URL;
  // The app's own process never holds the owner's credentials.
  delete process.env.DATABASE_OWNER_URL;
  if (embedded) {
    await runMigrations(ownerUrl!);
    process.env.DATABASE_URL = await ensureAppRoleLogin(ownerUrl!, secrets.PG_APP_PASSWORD);
  } else if (ownerUrl) {
    await runMigrations(ownerUrl);
  } else if ((await connectionRole(process.env.DATABASE_URL!)).isAppRole) {
    // Migrated separately (`npm run db:migrate` with DATABASE_OWNER_URL): only check it was.
    if ((await appliedMigrations(process.env.DATABASE_URL!)) < committedMigrations()) {
      await stop(`The database is missing migrations, and ${APP_ROLE} may not apply them: run \`DATABASE_OWNER_URL=postgres://<owner>@… npm run db:migrate\` or set DATABASE_OWNER_URL for \`npm start\` (README, "A real Postgres").`);
    }
  } else {
    // One role for everything, as before there were two: it works, unprotected.
    await runMigrations(process.env.DATABASE_URL!);
  }
  const role = await connectionRole(process.env.DATABASE_URL!);
  if (role.ownsAuditLog) {
    console.warn(`Warning: the app connects as ${role.role}, which owns audit_log (or is a superuser) and so could drop it or disable its trigger. Connect DATABASE_URL as ${APP_ROLE} and migrate with DATABASE_OWNER_URL (README, "A real Postgres").`);
  }
  return { embedded };
}

const SOURCES = ['app', 'components', 'server', 'lib', 'db', 'public', 'proxy.ts', 'instrumentation.ts', 'next.config.ts', 'package-lock.json', 'postcss.config.mjs'];

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return /\.test\.tsx?$/.test(p) ? 0 : s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(p).map((f) => newestMtime(path.join(p, f))));
}

/** Whether there is no production bundle or a source file is newer than it. */
export function needsBuild() {
  const stamp = path.join(root, process.env.NEXT_DIST_DIR ?? '.next', 'BUILD_ID');
  const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
  return Math.max(...SOURCES.map((s) => newestMtime(path.join(root, s)))) >= built;
}

/** `next build` as a command: the executable, its arguments and environment. */
export function buildCommand(env: NodeJS.ProcessEnv = process.env) {
  return { cmd: process.execPath, args: [path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], env: { ...env, NODE_ENV: 'production' as const, NEXT_TELEMETRY_DISABLED: '1' } };
}

/** Builds the production bundle when there is none or a source file is newer than it. */
export function buildIfNeeded() {
  if (!needsBuild()) return;
  console.log('Building the app (next build) ...');
  const { cmd, args, env } = buildCommand();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  if (r.status !== 0) throw new Error('next build failed');
}
