import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface LocalSecrets {
  AUTH_SECRET: string;
  AUTH_PEPPER: string;
  PG_PASSWORD: string;
  /** The embedded Postgres's app role (db/roles.ts); the superuser's PG_PASSWORD only runs migrations. */
  PG_APP_PASSWORD: string;
}

/**
 * Generates local secrets once and keeps them in `.data/` (mode 600), so restarts keep sessions and hashes valid.
 * A secret added later (PG_APP_PASSWORD) is generated into an existing file, keeping the others.
 */
export function localSecrets(dataDir: string): LocalSecrets {
  const file = path.join(dataDir, 'secrets.json');
  const kept = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalSecrets>) : {};
  const secrets: LocalSecrets = {
    AUTH_SECRET: kept.AUTH_SECRET ?? randomBytes(32).toString('base64url'),
    AUTH_PEPPER: kept.AUTH_PEPPER ?? randomBytes(32).toString('base64url'),
    PG_PASSWORD: kept.PG_PASSWORD ?? randomBytes(18).toString('base64url'),
    PG_APP_PASSWORD: kept.PG_APP_PASSWORD ?? randomBytes(18).toString('base64url'),
  };
  if (Object.keys(secrets).some((k) => !(k in kept))) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify({ ...kept, ...secrets }, null, 2), { mode: 0o600 });
  }
  return secrets;
}
