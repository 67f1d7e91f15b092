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
