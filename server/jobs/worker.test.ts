import { inArray, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { analyticsEvents } from '@/db/schema';
import { JOBS, startWorker, type Worker } from './worker';

let worker: Worker | undefined;
afterAll(async () => {
  await worker?.stop();
}, 30_000);

describe('the job worker on pg-boss', () => {
  it('creates its schema, the queues and the UTC cron schedules, and runs a sweep sent to it', { timeout: 60_000 }, async () => {
    worker = await startWorker({ connectionString: process.env.DATABASE_URL!, pollingIntervalSeconds: 0.5 });
    const { boss } = worker;
    const queues = (await boss.getQueues()).map((q) => q.name);
    for (const job of JOBS) expect(queues).toContain(job.name);
    const schedules = await boss.getSchedules();
    expect(schedules.map((s) => [s.name, s.cron]).sort()).toEqual(JOBS.map((j) => [j.name, j.cron]).sort());
    expect(schedules.every((s) => (s as unknown as { timezone: string }).timezone === 'UTC')).toBe(true);

    // Starting again (a second instance, a restart) changes nothing.
    const again = await startWorker({ connectionString: process.env.DATABASE_URL!, schedule: true });
    expect((await again.boss.getSchedules()).length).toBe(JOBS.length);
    await again.stop();

    // A raw beacon two days old: the analytics sweep, run by pg-boss, counts it and deletes it.
    const [row] = await getDb()
      .insert(analyticsEvents)
      .values({ occurredAt: new Date(Date.now() - 2 * 86_400_000), route: '/', timeOnPageMs: 2_000, referrerType: 'none', visitorType: 'local', viewport: 'desktop' })
      .returning({ id: analyticsEvents.id });
    const id = await boss.send('sweep-raw-analytics', {});
    expect(id).toBeTruthy();
    // Waits for the state, not for a time: polls until pg-boss reports the job finished.
    let job = await boss.getJobById<object>('sweep-raw-analytics', id!);
    for (let i = 0; i < 200 && job?.state !== 'completed' && job?.state !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = await boss.getJobById<object>('sweep-raw-analytics', id!);
    }
    expect(job?.state).toBe('completed');
    expect((job as unknown as { output: { result: { rolledUp: number; deleted: number } } }).output.result.deleted).toBeGreaterThanOrEqual(1);
    expect(await getDb().select().from(analyticsEvents).where(inArray(analyticsEvents.id, [row!.id]))).toEqual([]);
    const [{ views }] = (await getDb().execute<{ views: number }>(sql`select coalesce(sum(views), 0)::int as views from analytics_daily where route = '/'`)) as unknown as [{ views: number }];
    expect(views).toBeGreaterThanOrEqual(1);
  });
});
