import 'server-only';
import { eq, inArray, or, sql } from 'drizzle-orm';
import type { Database, Tx } from '@/db/client';
import { accountTombstones, conversations, orders, outbox, throttles, users, verifications } from '@/db/schema';
import { clock } from '../clock';
import { suppress } from '../consent/suppression';
import { log } from '../log';

/*
 * The purge after the grace period (issue 5), a pg-boss cron job
 * (server/jobs/worker.ts). One transaction per account, so a crash leaves each
 * account either untouched (still scheduled: the next run purges it) or fully
 * purged; running it again finds nothing more to do.
 */

/**
 * Deletes every row of personal data about one account and anonymizes what
 * tax law makes us keep. The caller holds the row locks and has checked the state.
 */
async function purgeAccount(tx: Tx, userId: string, requestedAt: Date, now: Date): Promise<{ ordersAnonymized: number }> {
  const [user] = await tx.select({ email: users.email, emailNormalized: users.emailNormalized, username: users.username, mobile: users.mobile }).from(users).where(eq(users.id, userId));
  if (!user) throw new Error('purge: account row vanished under its lock');
  const addresses = [...new Set([user.email, user.emailNormalized, user.mobile].filter((v): v is string => !!v))];

  // No marketing may ever reach the address again; the list holds only a keyed hash of it.
  await suppress(tx, user.email, 'account_deleted');

  // Purchases stay for the tax authorities, with nothing that leads back to the person.
  const anonymized = await tx.update(orders).set({ userId: null, anonymizedAt: now }).where(eq(orders.userId, userId)).returning({ id: orders.id });

  // Staff access entries stay (who saw what, when) under the orphaned id; their free text may name the customer.
  // The app's role may not update audit_log at all; this owner-run function blanks exactly these reasons,
  // for an account scheduled for deletion, and the append-only trigger lets only that through (migration 0008).
  await tx.execute(sql`select audit_log_redact_for_purge(${userId}::uuid)`);

  // Rows that name the person without a foreign key to the account (or whose key is only set null).
  // Recipients case-insensitively: a contact message's reply address is stored as the visitor typed it.
  const lowered = addresses.map((a) => a.toLowerCase());
  await tx.delete(outbox).where(or(eq(outbox.userId, userId), inArray(sql`lower(${outbox.recipient})`, lowered)));
  await tx.delete(verifications).where(or(eq(verifications.userId, userId), inArray(verifications.target, addresses)));
  // Messages written to us from one of the account's addresses while signed out (their threads cascade).
  await tx.delete(conversations).where(inArray(conversations.replyToNormalized, lowered));
  // Throttle keys end in the identifier they count: `pw:<username|email>`, `pin:<mobile>`, `reset:<kind>:<identifier>`, `email_change:<user id>`, … (server/auth/throttle.ts).
  const identifiers = [...new Set([...addresses, user.username, userId])];
  await tx.delete(throttles).where(or(...identifiers.map((id) => sql`right(${throttles.key}, char_length(${id}) + 1) = ${`:${id}`}`)));

  // Everything else hangs off the users row and goes with it (ON DELETE CASCADE): sessions, sign-in history, profile and
  // its change history, reports and their timelines, contact messages and their threads, consents and the consent
  // ledger, policy acknowledgements, security events and the schedule itself.
  await tx.delete(users).where(eq(users.id, userId));
  await tx.insert(accountTombstones).values({ userId, requestedAt, purgedAt: now, ordersAnonymized: anonymized.length }).onConflictDoNothing();
  return { ordersAnonymized: anonymized.length };
}

/**
 * Purges every account whose grace period has ended and that is still
 * scheduled, re-checked under row locks (SKIP LOCKED: a cancel in progress, or
 * another worker, keeps its account). An account that fails is left as it was
 * and the others still go; the job then fails so pg-boss retries it.
 */
export async function purgeDueAccounts(db: Database, now: Date = clock.now()): Promise<{ purged: number }> {
  const failed: string[] = [];
  let purged = 0;
  for (;;) {
    let picked: string | undefined;
    try {
      const done = await db.transaction(async (tx) => {
        const [due] = await tx.execute<{ user_id: string; requested_at: string }>(sql`
          select d.user_id, d.requested_at
          from account_deletions d join users u on u.id = d.user_id
          where u.status = 'scheduled_for_deletion' and d.purge_after <= ${now.toISOString()}::timestamptz
            and d.user_id::text <> all(${`{${failed.join(',')}}`}::text[])
          order by d.purge_after, d.user_id
          limit 1
          for update of d, u skip locked`);
        if (!due) return false;
        picked = due.user_id;
        const result = await purgeAccount(tx, due.user_id, new Date(due.requested_at), now);
        log.info({ event: 'account_purged', userId: due.user_id, ordersAnonymized: result.ordersAnonymized });
        return true;
      });
      if (!done) break;
      purged++;
    } catch (error) {
      if (!picked) throw error;
      failed.push(picked);
      log.error({ event: 'account_purge_failed', userId: picked, err: error });
    }
  }
  if (failed.length) throw new Error(`account purge: ${failed.length} account(s) failed and stay scheduled; ${purged} purged`);
  return { purged };
}
