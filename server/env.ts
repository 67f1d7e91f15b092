import 'server-only';
import { parseEnv, type Env } from '@/lib/env-schema';

export type { Env };

let cached: Env | undefined;
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
