import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { enqueue } from './enqueue';

const jobsIn = async (name: string) => (await getDb().execute<{ n: number }>(sql`select count(*)::int as n from pgboss.job where name = ${name}`))[0]!.n;

describe('enqueue', () => {
  // pg-boss only honours a bare singletonKey on `short`/`singleton` queues; handlers here are idempotent instead.
  it('sends a job only if the transaction that sent it commits', async () => {
    const db = getDb();
    await db
      .transaction(async (tx) => {
        expect(await enqueue(tx, 'mail-deliver', { outboxId: 1 })).toBeTruthy();
        throw new Error('roll back');
      })
      .catch(() => {});
    expect(await jobsIn('mail-deliver')).toBe(0);
    await db.transaction(async (tx) => {
      await enqueue(tx, 'mail-deliver', { outboxId: 2 });
    });
    expect(await jobsIn('mail-deliver')).toBe(1);
  });

  it("stores the data as JSON and the queue's retry policy on the job", async () => {
    const id = await enqueue(getDb(), 'campaign-batch', { campaignId: 7, note: 'ünï' });
    const [job] = await getDb().execute<{ data: unknown; retry_limit: number }>(sql`select data, retry_limit from pgboss.job where id = ${id}`);
    expect(job).toEqual({ data: { campaignId: 7, note: 'ünï' }, retry_limit: 5 });
  });
});
