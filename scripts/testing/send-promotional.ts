/**
 * For the e2e tests: sends one promotional email through the app's own
 * `sendPromotional` (send-time guard, List-Unsubscribe headers, footer), as a
 * campaign batch would, into the database of the environment it is given.
 * Usage: node --import ./scripts/register-server-conditions.mjs --import tsx scripts/testing/send-promotional.ts <userId> <topic>
 */
import { getDb } from '@/db/client';
import { isOptionalTopic } from '@/lib/consent';
import { sendPromotional } from '@/server/mail/promotional';

const [userId, topic] = process.argv.slice(2);
if (!userId || !topic || !isOptionalTopic(topic)) throw new Error('usage: send-promotional.ts <userId> <optional topic>');
const result = await sendPromotional(getDb(), { userId, topic, subject: 'This month’s offers', paragraphs: ['Ten percent off everything this week.'] });
process.stdout.write(`${JSON.stringify(result)}\n`);
await getDb().$client.end();
