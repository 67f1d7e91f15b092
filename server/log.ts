import 'server-only';
import { format } from 'node:util';
import pino from 'pino';

// Paths that could carry a secret are removed wherever they appear; callers log ids, never bodies.
export const redactPaths = ['password', 'pin', 'code', 'token', 'secret', 'cookie', 'authorization', '*.password', '*.pin', '*.code', '*.token', '*.secret', '*.cookie', '*.authorization', 'headers.cookie', 'headers.authorization'];

/**
 * An error as it may be logged: what failed and where, never a value. A failed
 * query carries its parameters (drizzle puts them in the message, `postgres`
 * in `parameters`, Postgres in `detail`: `Key (email)=(ann@example.com) already exists`),
 * so database errors keep only the SQLSTATE and the names of the constraint,
 * table and column; every message is scrubbed of addresses, hashes and tokens.
 * docs/decisions/019.
 */
export interface SafeError {
  type: string;
  message: string;
  sqlState?: string;
  constraint?: string;
  table?: string;
  column?: string;
  stack?: string;
  cause?: SafeError;
  errors?: SafeError[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Removes what could be personal or secret from free text: addresses, argon2 hashes, query parameters, key values, long tokens. */
export function scrubText(text: string): string {
  return text
    .replace(/\n?params: [^\n]*/g, '\nparams: [redacted]')
    .replace(/\$argon2(?:id|i|d)\$[A-Za-z0-9+/=$,]*/g, '[hash]')
    .replace(/[^\s@"'`<>()[\],;:]+@[^\s@"'`<>()[\],;:]+\.[A-Za-z]{2,}/g, '[email]')
    .replace(/\)=\([^\n]*?\)(?=( already exists| is not present| conflicts|\.|$))/g, ')=([redacted])')
    .replace(/[A-Za-z0-9_.~+/-]{32,}={0,2}/g, (m) => (UUID.test(m) || m.includes('/') ? m : '[token]'));
}

const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);
const SQLSTATE = /^[0-9A-Z]{5}$/;

/** Postgres errors from the `postgres` driver (constraint_name, …) or from `pg`, which pg-boss uses (constraint, …). */
function databaseFields(e: Record<string, unknown>) {
  const sqlState = str(e.code);
  if (!sqlState || !SQLSTATE.test(sqlState) || !('severity' in e || 'routine' in e)) return null;
  return {
    sqlState,
    constraint: str(e.constraint_name) ?? str(e.constraint),
    table: str(e.table_name) ?? str(e.table),
    column: str(e.column_name) ?? str(e.column),
    type: str(e.data_type_name) ?? str(e.dataType),
    schema: str(e.schema_name) ?? str(e.schema),
  };
}

/** Only the call frames: the first line of a stack repeats the message, which may carry values. */
const framesOf = (stack: unknown) =>
  typeof stack === 'string'
    ? stack
        .split('\n')
        .filter((l) => /^\s+at /.test(l))
        .slice(0, 12)
        .join('\n') || undefined
    : undefined;

export function serializeError(value: unknown, depth = 0): SafeError {
  if (!(value instanceof Error)) {
    if (value && typeof value === 'object') {
      // A plain object (a provider's refusal): its simple fields, scrubbed.
      const fields = Object.entries(value).filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v));
      const o = Object.fromEntries(fields.map(([k, v]) => [k, typeof v === 'string' ? scrubText(v) : v]));
      return { type: 'object', message: scrubText(JSON.stringify(o)) };
    }
    return { type: typeof value, message: scrubText(String(value)) };
  }
  const e = value as Error & Record<string, unknown>;
  const type = e.constructor?.name && e.constructor.name !== 'Error' ? e.constructor.name : e.name || 'Error';
  const db = databaseFields(e);
  let message: string;
  if (db) {
    // Postgres quotes identifiers and values alike: keep the quoted names it reported, hide anything else quoted.
    const names = new Set(Object.values(db).filter(Boolean));
    message = e.message.replace(/"([^"]*)"/g, (m, inner: string) => (names.has(inner) ? m : '"…"'));
  } else if (type === 'DrizzleQueryError' || (typeof e.message === 'string' && e.message.startsWith('Failed query: '))) {
    // Drizzle's message is `Failed query: <sql>\nparams: <every value>`; the cause says what went wrong.
    message = 'Failed query';
  } else {
    message = e.message;
  }
  const safe: SafeError = { type, message: scrubText(message ?? '').slice(0, 1000) };
  if (db) Object.assign(safe, { sqlState: db.sqlState, constraint: db.constraint, table: db.table, column: db.column });
  safe.stack = framesOf(e.stack);
  if (depth < 3 && e.cause !== undefined) safe.cause = serializeError(e.cause, depth + 1);
  if (depth < 3 && Array.isArray(e.errors)) safe.errors = e.errors.slice(0, 5).map((x: unknown) => serializeError(x, depth + 1));
  return JSON.parse(JSON.stringify(safe)) as SafeError;
}

/** The same as text, for console lines and for what is stored about a failed job. */
export function formatError(e: SafeError): string {
  const where = [e.sqlState, e.constraint, e.table, e.column].filter(Boolean).join(' ');
  const head = `${e.type}: ${e.message}${where ? ` [${where}]` : ''}`;
  const cause = e.cause ? `\n  caused by ${formatError(e.cause).replace(/\n/g, '\n  ')}` : '';
  return `${head}${e.stack ? `\n${e.stack}` : ''}${cause}`;
}

/** An Error safe to hand to code that stores or prints errors as they are (pg-boss keeps a failed job's error in its table). */
export function toSafeError(value: unknown): Error {
  const s = serializeError(value);
  const safe = new Error(`${s.message}${s.sqlState ? ` [${[s.sqlState, s.constraint].filter(Boolean).join(' ')}]` : ''}`);
  safe.name = s.type;
  safe.stack = `${s.type}: ${safe.message}${s.stack ? `\n${s.stack}` : ''}`;
  return safe;
}

/** Every Error among a log call's fields, serialized (pino would print its enumerable fields, and take its raw message as the line's `msg`). */
function safeFields(fields: object): object {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v instanceof Error ? serializeError(v) : v]));
}

/**
 * The app's logger. Errors in a line's fields (`err`, `error`, any other) and
 * an Error logged on its own (`log.error(e)`) go through `serializeError`;
 * string arguments are scrubbed.
 */
export function createLogger(destination?: pino.DestinationStream, level = process.env.LOG_LEVEL ?? 'info'): pino.Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'account-center' },
    redact: { paths: redactPaths, remove: true },
    timestamp: pino.stdTimeFunctions.isoTime,
    // The hook below has serialized errors already; pino's own `err` serializer would rename their type.
    serializers: { err: (v: unknown) => v },
    hooks: {
      logMethod(args, method) {
        const [first, ...rest] = args as unknown[];
        const head = first instanceof Error ? { err: serializeError(first) } : first && typeof first === 'object' ? safeFields(first) : typeof first === 'string' ? scrubText(first) : first;
        const tail = rest.map((a) => (typeof a === 'string' ? scrubText(a) : a instanceof Error ? formatError(serializeError(a)) : a));
        return method.apply(this, [head, ...tail] as Parameters<typeof method>);
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

const g = globalThis as unknown as { __logger?: pino.Logger };

export const log: pino.Logger = (g.__logger ??= createLogger());

const GUARDED = Symbol.for('account-center.console-guarded');

/**
 * Makes console.error and console.warn print errors through `serializeError`
 * and scrub strings: Next.js prints the errors of pages, actions and route
 * handlers there itself (with every enumerable field, `parameters` included),
 * and so does any library. Installed once per process (instrumentation.ts,
 * scripts/serve.ts, scripts/worker.ts).
 */
export function guardConsole(target: Console = console) {
  const marked = target as Console & { [GUARDED]?: boolean };
  if (marked[GUARDED]) return;
  marked[GUARDED] = true;
  for (const level of ['error', 'warn'] as const) {
    const original = target[level].bind(target);
    target[level] = (...args: unknown[]) => {
      // Format first (%s and friends), then scrub the whole line.
      const safe = args.map((a) => (a instanceof Error ? formatError(serializeError(a)) : a));
      original(scrubText(format(...safe)));
    };
  }
}
