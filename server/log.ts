import 'server-only';
import pino from 'pino';

// Paths that could carry a secret are removed wherever they appear; callers log ids, never bodies.
export const redactPaths = ['password', 'pin', 'code', 'token', 'secret', 'cookie', 'authorization', '*.password', '*.pin', '*.code', '*.token', '*.secret', '*.cookie', '*.authorization', 'headers.cookie', 'headers.authorization'];

const g = globalThis as unknown as { __logger?: pino.Logger };

export const log: pino.Logger = (g.__logger ??= pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: { service: 'account-center' },
  redact: { paths: redactPaths, remove: true },
  timestamp: pino.stdTimeFunctions.isoTime,
}));

/**
 * An error as it may be logged: its name, code and message only. Database errors
 * from the `postgres` driver carry the query's parameters, `detail` (`Key (email)=(…)`)
 * and the query text, which can hold personal data or secrets: none of that is kept.
 */
export function safeError(e: unknown): { name: string; code?: string; message: string } {
  if (!(e instanceof Error)) return { name: typeof e, message: 'non-error thrown' };
  const code = (e as { code?: unknown }).code;
  return { name: e.name, ...(typeof code === 'string' ? { code } : {}), message: e.message.slice(0, 300) };
}
