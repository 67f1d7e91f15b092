import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';

const ts = () => timestamp({ withTimezone: true });

export const messageChannel = pgEnum('message_channel', ['email', 'sms']);
/** `queued` waits for the delivery job (Resend); `sent` is final. The outbox transport writes `sent` at once: the row is the delivery. */
export const messageStatus = pgEnum('message_status', ['queued', 'sent', 'failed']);

/**
 * Every message we send, whatever the transport: the transactional outbox the
 * delivery job reads, the dev/test mailbox `/dev/mail` shows, and the record
 * of what was sent to whom that goes into the data export.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    channel: messageChannel().notNull(),
    userId: uuid().references(() => users.id, { onDelete: 'set null' }),
    recipient: text().notNull(),
    subject: text(),
    text: text().notNull(),
    html: text(),
    headers: jsonb().$type<Record<string, string>>(),
    /** The mail topic (`service`, `security`, `offers`, …); null for SMS. */
    topic: text(),
    campaignId: integer(),
    status: messageStatus().notNull().default('sent'),
    /** Sent to the provider as its idempotency key: a retried delivery job never sends twice. */
    idempotencyKey: uuid().notNull().defaultRandom(),
    attempts: integer().notNull().default(0),
    providerMessageId: text(),
    lastError: text(),
    sentAt: ts(),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [
    index('outbox_created_idx').on(t.createdAt),
    index('outbox_user_idx').on(t.userId, t.createdAt),
    uniqueIndex('outbox_idempotency_key').on(t.idempotencyKey),
    // One message per customer per campaign, however often a batch is retried.
    uniqueIndex('outbox_campaign_user_key').on(t.campaignId, t.userId).where(sql`${t.campaignId} is not null`),
    index('outbox_queued_idx').on(t.createdAt).where(sql`${t.status} = 'queued'`),
  ],
);
