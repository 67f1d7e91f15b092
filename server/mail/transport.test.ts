import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { outbox } from '@/db/schema';
import { parseEnv } from '@/lib/env-schema';
import { devMailViewerOpen, mail } from './transport';

const base = { DATABASE_URL: 'postgres://u@localhost/db', AUTH_SECRET: 'x'.repeat(32), AUTH_PEPPER: 'y'.repeat(32) };

describe('without RESEND_API_KEY', () => {
  it('the outbox row is the delivery: sent at once, no delivery job', async () => {
    await mail.sendEmail({ to: 'outbox@example.test', subject: 'Hello', text: 'Hi', html: '<p>Hi</p>', topic: 'security' });
    const [row] = await getDb().select().from(outbox).where(eq(outbox.recipient, 'outbox@example.test'));
    expect(row).toMatchObject({ channel: 'email', status: 'sent', topic: 'security', attempts: 0 });
    expect(row!.sentAt).toBeInstanceOf(Date);
    const [{ n }] = (await getDb().execute<{ n: number }>(sql`select count(*)::int as n from pgboss.job where name = 'mail-deliver'`)) as unknown as [{ n: number }];
    expect(n).toBe(0);
  });
});

describe('devMailViewerOpen', () => {
  it('opens only with the viewer turned on and no Resend key; an empty key counts as none', () => {
    expect(devMailViewerOpen(parseEnv({ ...base, DEV_MAIL_VIEWER: 'true' }))).toBe(true);
    expect(devMailViewerOpen(parseEnv({ ...base, DEV_MAIL_VIEWER: 'true', RESEND_API_KEY: '' }))).toBe(true);
    expect(devMailViewerOpen(parseEnv({ ...base, DEV_MAIL_VIEWER: 'true', RESEND_API_KEY: 're_123' }))).toBe(false);
    expect(devMailViewerOpen(parseEnv({ ...base, DEV_MAIL_VIEWER: 'false' }))).toBe(false);
    expect(devMailViewerOpen(parseEnv({ ...base }))).toBe(false);
  });
});
