/** Shared set-up for the consent tests (not a test file itself). Real Postgres, no mocks. */
import { identity } from '../kit/ids';
import { and, asc, desc, eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { consentEvents, outbox, users } from '@/db/schema';
import { consentStates } from '@/server/consent/ledger';

export { unwrap } from '../kit/results';
export const ctx = { ip: '203.0.113.9', userAgent: 'vitest consent' };

export async function newUser(opts: { verified?: boolean } = {}) {
  const { username, email } = identity('con');
  const [row] = await getDb()
    .insert(users)
    .values({ username, email, emailNormalized: email, emailVerifiedAt: opts.verified === false ? null : new Date('2029-01-01T00:00:00Z'), passwordHash: 'unused' })
    .returning({ id: users.id });
  return { id: row!.id, email, actor: { userId: row!.id } };
}

export const ledger = (userId: string) => getDb().select().from(consentEvents).where(eq(consentEvents.userId, userId)).orderBy(asc(consentEvents.id));
export const states = (userId: string) => consentStates(getDb(), userId);
export const mailTo = (userId: string) => getDb().select().from(outbox).where(eq(outbox.userId, userId)).orderBy(asc(outbox.id));
export const latestMailTo = async (userId: string, subject: string) =>
  (await getDb().select().from(outbox).where(and(eq(outbox.userId, userId), eq(outbox.subject, subject))).orderBy(desc(outbox.id)).limit(1))[0];
/** The token of the newest "Confirm your subscription" email. */
export const confirmationToken = async (userId: string) => /confirm-subscription\?token=([\w-]+)/.exec((await latestMailTo(userId, 'Confirm your subscription'))?.text ?? '')?.[1] ?? '';


