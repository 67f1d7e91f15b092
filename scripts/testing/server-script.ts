import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');

/** The flags the npm scripts start our server-side entry points with (`server-only` resolved as on the server). */
export const SERVER_SCRIPT_FLAGS = ['--import', './scripts/register-server-conditions.mjs', '--import', 'tsx'];

/** Runs one of our entry points as its npm script does, to completion: its exit code and output, with `input` on stdin. */
export function runScript(file: string, args: string[] = [], opts: { env?: NodeJS.ProcessEnv; input?: string } = {}) {
  return spawnSync(process.execPath, [...SERVER_SCRIPT_FLAGS, file, ...args], { cwd: root, env: opts.env ?? process.env, input: opts.input ?? '', encoding: 'utf8', timeout: 60_000 });
}
