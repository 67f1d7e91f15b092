/**
 * Campaign benchmark (issue 6): 50 000 consenting customers, one campaign sent
 * through the real batch handler (drainQueue runs the pg-boss jobs in this
 * process) on the outbox transport, against a reference measured in the same
 * run: the same number of plain outbox inserts through the same transport, in
 * transactions of the same size. The ratio is what the send-time guard (three
 * look-ups per recipient), token signing and rendering cost on top of the write.
 * Then the time from a withdrawal (recordConsent, what the unsubscribe endpoint
 * calls) to the guard refusing the next send to that customer.
 *
 * It runs on a database of its own, cloned from the migrated template, so no
 * app worker competes for its jobs.
 */
import { register } from 'node:module';
import postgres from 'postgres';
import { ensureTestCluster, prepareTemplate, recreateDatabase, TEMPLATE_DB, TEST_SECRETS, withDatabase } from '../testing/cluster';
import { median, p99 } from './stats';

const CUSTOMERS = Number(process.env.BENCH_CAMPAIGN_CUSTOMERS ?? 50_000);
const WITHDRAWALS = 50;
const DATABASE = 'bench_campaign';

const rate = (n: number, ms: number) => (n / (ms / 1000)).toFixed(0);

export async function benchCampaign() {
  const { adminUrl, embedded } = await ensureTestCluster();
  await prepareTemplate(adminUrl); // a no-op when the template is current (the bench server prepared it)
  await recreateDatabase(adminUrl, DATABASE, TEMPLATE_DB);
  Object.assign(process.env, { DATABASE_URL: withDatabase(adminUrl, DATABASE), ...TEST_SECRETS, APP_URL: 'http://localhost:3000', LOG_LEVEL: 'silent' });
  // server/ modules import `server-only`: resolve it the way the app's own worker does (scripts/serve.ts).
  register('../server-conditions.mjs', import.meta.url);
  const { getDb } = await import('../../db/client');
  const { startCampaign } = await import('../../server/campaigns/campaigns');
  const { drainQueue } = await import('../../server/jobs/worker');
  const { recordConsent } = await import('../../server/consent/ledger');
  const { sendPromotional, unsubscribeLinks } = await import('../../server/mail/promotional');
  const { renderEmail } = await import('../../server/mail/layout');
  const { mail } = await import('../../server/mail/transport');
  const db = getDb();
  const sql = db.$client;

  const [admin] = await sql`insert into users (username, email, email_normalized, password_hash, role) values ('benchadmin', 'benchadmin@example.test', 'benchadmin@example.test', 'x', 'admin') returning id`;
  await sql`insert into users (username, email, email_normalized, password_hash, created_at)
    select 'camp' || n, 'camp' || n || '@example.test', 'camp' || n || '@example.test', 'x', now() - interval '1 day' from generate_series(1, ${CUSTOMERS}) n`;
  await sql`insert into consents (user_id, topic, state) select id, 'offers', 'granted' from users where username like 'camp%'`;
  await sql`analyze users`;
  await sql`analyze consents`;

  // The campaign: audience count (every address hashed against the suppression list) + first job, then every batch.
  let t = performance.now();
  // As an admin who has just re-entered the password (sending needs it within 5 minutes).
  const { runUseCase } = await import('../../server/core/refusal');
  const adminActor = { userId: admin!.id as string, role: 'admin' as const, reauthenticatedAt: new Date(), reauthMethod: 'password' as const };
  const started = await runUseCase(db, (tx) => startCampaign(tx, adminActor, { topic: 'offers', subject: 'Bench offers', body: 'Half price.\n\nThis week only.' }));
  if (!started.ok) throw new Error(`campaign did not start: ${JSON.stringify(started)}`);
  const startMs = performance.now() - t;
  t = performance.now();
  const batches = await drainQueue(db, 'campaign-batch');
  const sendMs = performance.now() - t;
  const [c] = await sql`select sent_count, skipped_count, status from campaigns where id = ${started.data.id}`;

  // Reference: the same number of outbox rows through the same transport, 500 per transaction, content rendered once.
  const content = await renderEmail('Bench reference', ['Half price.', 'This week only.']);
  const headers = unsubscribeLinks(admin!.id as string, 'offers').headers;
  const ids = (await sql`select id, email from users where username like 'camp%' order by id`) as unknown as { id: string; email: string }[];
  t = performance.now();
  for (let i = 0; i < ids.length; i += 500) {
    await db.transaction(async (tx) => {
      for (const u of ids.slice(i, i + 500)) await mail.sendEmail({ to: u.email, userId: u.id, topic: 'offers', headers, ...content }, tx);
    });
  }
  const refMs = performance.now() - t;

  // Withdrawal → the guard refusing the next send to that customer (nothing is written then).
  const gaps: number[] = [];
  for (const u of ids.slice(0, WITHDRAWALS)) {
    const t0 = performance.now();
    await db.transaction((tx) => recordConsent(tx, { userId: u.id, topic: 'offers', state: 'withdrawn', source: 'one_click', ip: '127.0.0.1', userAgent: 'bench' }));
    const r = await sendPromotional(db, { userId: u.id, topic: 'offers', subject: 'After withdrawal', paragraphs: ['x'] });
    gaps.push(performance.now() - t0);
    if (r.sent || r.reason !== 'no_consent') throw new Error(`the guard let a withdrawn customer through: ${JSON.stringify(r)}`);
  }

  const sent = c!.sent_count as number;
  console.log(`\ncampaign to ${CUSTOMERS.toLocaleString('en-GB')} consenting customers (outbox transport, batches of 500, drainQueue in this process):`);
  console.log(`  start (audience count with suppression check + first job)   ${startMs.toFixed(0)} ms`);
  console.log(`  send: ${sent} sent, ${c!.skipped_count} skipped, ${batches} batch jobs, ${(sendMs / 1000).toFixed(1)} s   ${rate(sent, sendMs)} emails/s`);
  console.log(`  reference: ${ids.length} plain outbox inserts, 500 per transaction   ${(refMs / 1000).toFixed(1)} s   ${rate(ids.length, refMs)} rows/s`);
  console.log(`  ratio campaign ÷ plain inserts: ${(refMs / sendMs).toFixed(3)} (per email: the guard's 3 look-ups, token signing, the insert; the layout is rendered once per campaign)`);
  console.log(`  withdrawal (recordConsent committed) → guard refuses the next send: p50 ${median(gaps).toFixed(2)} ms, p99 ${p99(gaps).toFixed(2)} ms (${WITHDRAWALS} customers; in-process, not over HTTP)\n`);

  await sql.end();
  const admin_ = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin_`drop database if exists ${admin_(DATABASE)} with (force)`;
  await admin_.end();
  await embedded?.stop(); // only when run alone and this process started the cluster
  return { emailsPerSecond: sent / (sendMs / 1000), referencePerSecond: ids.length / (refMs / 1000), withdrawalToRefusalP50Ms: median(gaps) };
}

// Runs alone too: `node --import tsx scripts/bench/campaign.ts` (shares the test cluster on TEST_PG_PORT).
if (process.argv[1]?.endsWith('campaign.ts')) {
  await benchCampaign();
  process.exit(0);
}
