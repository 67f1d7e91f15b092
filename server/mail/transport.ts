import 'server-only';
import { getDb, type DbOrTx } from '@/db/client';
import { outbox, type MAIL_TOPICS } from '@/db/schema';
import { devMailViewerOpen as viewerOpen } from '@/lib/dev-mail-viewer';
import { env, type Env } from '../env';
import { enqueue } from '../jobs/enqueue';

export type MailTopic = (typeof MAIL_TOPICS)[number];

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
  userId?: string | null;
  /** Mail topic; `service` unless said. Non-mandatory topics pass the send-time consent guard. */
  topic?: MailTopic;
  campaignId?: number;
}

export interface SmsMessage {
  to: string;
  text: string;
  userId?: string | null;
}

export interface EmailTransport {
  sendEmail(message: EmailMessage, db?: DbOrTx): Promise<void>;
}
export interface SmsTransport {
  sendSms(message: SmsMessage, db?: DbOrTx): Promise<void>;
}

const emailRow = (m: EmailMessage) => ({
  channel: 'email' as const,
  recipient: m.to,
  subject: m.subject,
  text: m.text,
  html: m.html,
  headers: m.headers,
  userId: m.userId ?? null,
  topic: m.topic ?? 'service',
  campaignId: m.campaignId,
});

/**
 * The outbox transport: messages are rows that `/dev/mail` shows. It is the
 * default for development, demos and tests. Passing the caller's transaction
 * means a message exists only if the change that caused it commits.
 */
export const outboxTransport: EmailTransport & SmsTransport = {
  async sendEmail(m, db = getDb()) {
    await db.insert(outbox).values({ ...emailRow(m), sentAt: new Date() });
  },
  async sendSms(m, db = getDb()) {
    await db.insert(outbox).values({ channel: 'sms', recipient: m.to, text: m.text, userId: m.userId ?? null });
  },
};

/**
 * The Resend transport: a transactional outbox. The row (status `queued`) and
 * its `mail-deliver` job are written in the caller's transaction, so an email
 * goes out only if the change that caused it commits, and is never lost once
 * it has. The job sends it (server/mail/deliver.ts), with retries.
 */
export const resendTransport: EmailTransport = {
  async sendEmail(m, db = getDb()) {
    // A savepoint inside the caller's transaction; its own transaction otherwise: never a row without its job.
    await db.transaction(async (tx) => {
      const [row] = await tx.insert(outbox).values({ ...emailRow(m), status: 'queued' }).returning({ id: outbox.id });
      await enqueue(tx, 'mail-deliver', { outboxId: row!.id });
    });
  },
};

/** Email goes through Resend when RESEND_API_KEY is set, and to the outbox (the row is the delivery) otherwise. */
export const mail: EmailTransport = {
  sendEmail: (m, db) => (env().RESEND_API_KEY ? resendTransport : outboxTransport).sendEmail(m, db),
};
/** Whether `/dev/mail` shows the outbox, for this server's environment (the rule: lib/dev-mail-viewer.ts). */
export const devMailViewerOpen = (e: Env = env()) => viewerOpen(e);

/** SMS always goes to the outbox: no SMS provider is wired yet. */
export const sms: SmsTransport = outboxTransport;
