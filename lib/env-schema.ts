import { z } from 'zod';

const minutes = (fallback: number) => z.coerce.number().int().positive().max(24 * 60).default(fallback);

/** Every setting the server reads, validated once. Names match the README's configuration table. */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }),
  /** The schema owner's connection; only migrations use it (`npm start`, `npm run db:migrate`), the app never does. */
  DATABASE_OWNER_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }).optional(),
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters'),
  AUTH_PEPPER: z.string().min(32, 'must be at least 32 characters'),
  APP_URL: z.url().default('http://localhost:3000'),
  DEFAULT_PHONE_REGION: z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter region code such as GB').default('GB'),
  IDLE_TIMEOUT_CUSTOMER_MINUTES: minutes(30),
  IDLE_TIMEOUT_STAFF_MINUTES: minutes(15),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
  IDLE_WARNING_SECONDS: z.coerce.number().int().positive().default(120),
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MAIL_FROM: z.string().default('Account Center <no-reply@account.example>'),
  /** When set, email goes through Resend (a pg-boss job per outbox row) and /dev/mail answers 404. */
  RESEND_API_KEY: z.string().optional().transform((v) => v || undefined),
  /** Resend's API address; only tests change it (a local stand-in). */
  RESEND_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  /**
   * The outbox viewer at /dev/mail. Unset means off, except that `npm start` turns it on for the embedded
   * demo bound to localhost (scripts/start-plan.ts); never open on an https APP_URL (lib/dev-mail-viewer.ts).
   */
  DEV_MAIL_VIEWER: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true')),
  /** `npm start` and `npm run db:seed`: create the demo accounts. Unset: only on the embedded default (no DATABASE_URL). */
  SEED_DEMO: z.stringbool({ error: 'must be true or false' }).optional(),
  /** The address `npm start` listens on. Unset: 127.0.0.1 for the embedded demo, 0.0.0.0 with DATABASE_URL. */
  HOSTNAME: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined),
  RUN_WORKER: z.stringbool({ error: 'must be true or false' }).default(true),
  /** Days between a deletion request and the purge; the customer can cancel until then. */
  DELETION_GRACE_DAYS: z.coerce.number().int().min(0).max(365).default(14),
  ANALYTICS_BEACONS_PER_MINUTE: z.coerce.number().int().positive().max(1_000_000).default(300),
  ANALYTICS_DNS_TIMEOUT_MS: z.coerce.number().int().min(10).max(5_000).default(300),
});

export type Env = z.infer<typeof envSchema>;

/** Parses an environment; throws one error naming every bad or missing value. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  // zod 4 leaves `issue.input` out unless asked, so whether a value is missing is read from the source.
  const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${source[String(i.path[0])] === undefined ? 'is required but not set' : i.message}`);
  throw new Error(`Invalid environment configuration:\n${lines.join('\n')}`);
}

