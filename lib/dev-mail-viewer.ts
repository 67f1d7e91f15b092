import type { Env } from './env-schema';

/**
 * Whether `/dev/mail` shows the outbox. It holds every recipient's mail, reset
 * links and codes, so it is open only when asked for (DEV_MAIL_VIEWER=true, which
 * `npm start` sets by itself only for the embedded demo on localhost), while the
 * outbox is the delivery (no Resend), and never on an https APP_URL: that is a
 * site real people reach (docs/decisions/007, 017).
 */
export function devMailViewerOpen(e: Pick<Env, 'DEV_MAIL_VIEWER' | 'RESEND_API_KEY' | 'APP_URL'>): boolean {
  return e.DEV_MAIL_VIEWER === true && !e.RESEND_API_KEY && !servedOverHttps(e.APP_URL);
}

export const servedOverHttps = (appUrl: string) => new URL(appUrl).protocol === 'https:';
