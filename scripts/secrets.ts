import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface LocalSecrets {
  AUTH_SECRET: string;
  AUTH_PEPPER: string;
  PG_PASSWORD: string;
}

/** Generates local secrets once and keeps them in `.data/` (mode 600), so restarts keep sessions and hashes valid. */
export function localSecrets(dataDir: string): LocalSecrets {
  const file = path.join(dataDir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as LocalSecrets;
  mkdirSync(dataDir, { recursive: true });
  const secrets: LocalSecrets = {
    AUTH_SECRET: randomBytes(32).toString('base64url'),
    AUTH_PEPPER: randomBytes(32).toString('base64url'),
    PG_PASSWORD: randomBytes(18).toString('base64url'),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
