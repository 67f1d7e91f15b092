/**
 * Runs the `mail-deliver` handler once for one outbox row in a process of its
 * own, so a test can kill it mid-delivery (server/mail/deliver.test.ts).
 * Usage: node --import ./scripts/register-server-conditions.mjs --import tsx scripts/testing/deliver-once.ts <outboxId>
 */
import { getDb } from '@/db/client';
import { deliverEmail } from '@/server/mail/deliver';

await deliverEmail(getDb(), { outboxId: Number(process.argv[2]) }, new Date());
await getDb().$client.end();
