/**
 * What `npm start` does with a given environment, decided in one place so the
 * defaults can be tested without starting anything (docs/decisions/017). The
 * embedded default (no DATABASE_URL) is the demo: demo accounts, and the outbox
 * viewer while nobody but this machine can reach it. With DATABASE_URL it is a
 * deployment: neither, unless the operator asks.
 */
import { isIP } from 'node:net';
import { devMailViewerOpen, servedOverHttps } from '../lib/dev-mail-viewer';
import type { Env } from '../lib/env-schema';

export interface StartPlan {
  /** The address the HTTP server listens on. */
  host: string;
  /** Create the demo accounts (db/seed.ts --demo); otherwise any demo account's published password is retired. */
  seedDemo: boolean;
  /** The value DEV_MAIL_VIEWER takes for this process. */
  devMailViewer: boolean;
  /** Whether /dev/mail will really answer (the page's own rule); `npm start` warns when it does. */
  mailViewerOpen: boolean;
  /** Lines `npm start` prints before serving. */
  notices: string[];
}

type StartEnv = Pick<Env, 'HOSTNAME' | 'SEED_DEMO' | 'DEV_MAIL_VIEWER' | 'RESEND_API_KEY' | 'APP_URL'>;

/** Only this machine can connect: `localhost`, 127.0.0.0/8 or ::1. Any other name or address (0.0.0.0 included) may be reachable from elsewhere. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  // The URL parser writes an IPv6 address in its shortest form (0:0:0:0:0:0:0:1 is [::1]).
  if (isIP(h) === 6) return new URL(`http://[${h}]/`).hostname === '[::1]';
  return false;
}

/** `embedded`: no DATABASE_URL was given, so `npm start` runs its own Postgres under .data/. */
export function startPlan(env: StartEnv, embedded: boolean): StartPlan {
  const host = env.HOSTNAME ?? (embedded ? '127.0.0.1' : '0.0.0.0');
  const seedDemo = env.SEED_DEMO ?? embedded;
  const devMailViewer = env.DEV_MAIL_VIEWER ?? (embedded && isLoopbackHost(host) && !servedOverHttps(env.APP_URL));
  const mailViewerOpen = devMailViewerOpen({ ...env, DEV_MAIL_VIEWER: devMailViewer });
  const notices: string[] = [];
  if (mailViewerOpen) {
    notices.push(`WARNING: /dev/mail is on (listening on ${host}): whoever reaches this server reads every email and SMS it sends, reset links and codes included. Never expose it; DEV_MAIL_VIEWER=false turns the page off.`);
  } else if (env.DEV_MAIL_VIEWER === true && !env.RESEND_API_KEY) {
    notices.push('DEV_MAIL_VIEWER=true is ignored: APP_URL is https://, so /dev/mail answers 404.');
  } else if (embedded && env.DEV_MAIL_VIEWER === undefined && !env.RESEND_API_KEY) {
    const why = servedOverHttps(env.APP_URL) ? 'APP_URL is https://' : `the server listens on ${host}, which other machines may reach`;
    notices.push(`/dev/mail is off: ${why}. Mail stays in the outbox table.`);
  }
  return { host, seedDemo, devMailViewer, mailViewerOpen, notices };
}
