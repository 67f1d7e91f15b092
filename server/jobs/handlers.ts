import 'server-only';
import type { Database } from '@/db/client';
import { deliverEmail, markMailFailed } from '../mail/deliver';
import { runCampaignBatch } from '../campaigns/batch';
import { runPolicyNoticeBatch } from '../policy/notice-batch';
import type { QueueName } from './queue-names';

/** What a queued job does: a plain, idempotent function of (db, data, now); pg-boss only decides when it runs. */
export type QueueHandler = (db: Database, data: never, now: Date) => Promise<unknown>;

/** One line per on-demand queue (queue-names.ts); the worker listens to the queues that have one. */
export const HANDLERS: { [K in QueueName]?: QueueHandler } = {
  'mail-deliver': deliverEmail,
  'mail-failed': markMailFailed,
  'campaign-batch': runCampaignBatch,
  'policy-notice-batch': runPolicyNoticeBatch,
};
