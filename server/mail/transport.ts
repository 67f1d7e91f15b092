import 'server-only';
import { outbox, type MAIL_TOPICS } from '@/db/schema';

export type MailTopic = (typeof MAIL_TOPICS)[number];
import { getDb, type DbOrTx } from '@/db/client';

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

/**
 * The outbox transport: messages are rows that `/dev/mail` shows. It is the
 * default for development, demos and tests. Passing the caller's transaction
 * means a message exists only if the change that caused it commits.
 */
export const outboxTransport: EmailTransport & SmsTransport = {
  async sendEmail(m, db = getDb()) {
    await db.insert(outbox).values({ channel: 'email', recipient: m.to, subject: m.subject, text: m.text, html: m.html, headers: m.headers, userId: m.userId ?? null, topic: m.topic ?? 'service', campaignId: m.campaignId, sentAt: new Date() });
  },
  async sendSms(m, db = getDb()) {
    await db.insert(outbox).values({ channel: 'sms', recipient: m.to, text: m.text, userId: m.userId ?? null });
  },
};

/** The configured transports. Resend arrives with the communications issue; until then the outbox serves every environment. */
export const mail: EmailTransport = outboxTransport;
export const sms: SmsTransport = outboxTransport;
