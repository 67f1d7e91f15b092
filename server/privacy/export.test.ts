import type { Readable } from 'node:stream';
import { and, count, eq } from 'drizzle-orm';
import { parseCsv } from '@/scripts/testing/csv';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import {
  accountDeletions,
  auditLog,
  conversationEvents,
  conversations,
  consentEvents,
  consents,
  loginEvents,
  orders,
  outbox,
  policyAcknowledgements,
  policyVersions,
  profileChanges,
  profiles,
  recoveryCodes,
  reportEvents,
  reports,
  securityEvents,
  sessions,
  totpCredentials,
  users,
  verifications,
} from '@/db/schema';
import { unzipText } from '@/scripts/testing/unzip';
import { issueRecoveryCodes } from '../auth/recovery-codes';
import { beginTotpSetup } from '../auth/totp';
import { EXPORT_COLLECTIONS } from './collections';
import { exportAllowance, startExport, type ExportActor, type ExportStart } from './export';
import { uid } from '@/test/kit/ids';

const MIN = 60_000;
const HOUR = 60 * MIN;
const ctx = { ip: '198.51.100.23', userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0', requestId: null };
const db = () => getDb();

/** Secrets planted in every table that has one: none may appear in any file of the export. */
interface Planted {
  id: string;
  username: string;
  email: string;
  secrets: string[];
  staffId: string;
  staffName: string;
}

async function newCustomer(): Promise<Planted> {
  const tag = uid();
  const secrets = [`$argon2id$v=19$m=19456,t=2,p=1$pw${tag}`, `$argon2id$v=19$m=19456,t=2,p=1$pin${tag}`, `codehash${tag}`, `cancelhash${tag}`, `code ${tag.slice(-8).toUpperCase()}`];
  const username = `exp${tag}`;
  const email = `${username}@example.test`;
  const [user] = await db()
    .insert(users)
    .values({ username, email, emailNormalized: email, emailVerifiedAt: new Date('2026-01-02T03:04:05Z'), mobile: `+4479${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`, passwordHash: secrets[0]!, pinHash: secrets[1]! })
    .returning({ id: users.id });
  const id = user!.id;
  const staffName = `staff${tag}`;
  const [staff] = await db().insert(users).values({ username: staffName, email: `${staffName}@example.test`, emailNormalized: `${staffName}@example.test`, passwordHash: 'x', role: 'staff' }).returning({ id: users.id });

  await db().insert(profiles).values({ userId: id, fullName: 'Ada Exporter', city: '=HYPERLINK("http://evil.example")', dateOfBirth: '1990-04-05' });
  await db().insert(profileChanges).values([{ userId: id, field: 'fullName', kind: 'set' }, { userId: id, field: 'city', kind: 'changed' }]);
  await db().insert(sessions).values({ userId: id, authMethod: 'password', absoluteExpiresAt: new Date(Date.now() + 12 * HOUR), ip: '203.0.113.5', userAgent: 'Session UA' });
  await db().insert(loginEvents).values(Array.from({ length: 7 }, (_, i) => ({ userId: id, success: i % 3 !== 0, method: 'password' as const, reason: i % 3 ? 'ok' : 'bad_credentials', ip: `203.0.113.${i + 1}` })));
  await db().insert(consents).values({ userId: id, topic: 'offers', state: 'granted' });
  await db().insert(consentEvents).values([
    { userId: id, topic: 'offers', state: 'pending', source: 'signup', ip: '203.0.113.9' },
    { userId: id, topic: 'offers', state: 'granted', source: 'double_opt_in', ip: '203.0.113.9' },
  ]);
  const [policy] = await db().insert(policyVersions).values({ version: `v${tag}`, summary: 's', body: 'b' }).returning({ id: policyVersions.id });
  await db().insert(policyAcknowledgements).values({ userId: id, policyVersionId: policy!.id, ip: '203.0.113.10' });
  const [report] = await db().insert(reports).values({ userId: id, item: 'profile.city', currentValue: 'Leeds', proposedValue: 'York', explanation: 'I moved', status: 'in_review', claimedBy: staff!.id }).returning({ id: reports.id });
  await db().insert(reportEvents).values([
    { reportId: report!.id, kind: 'status', status: 'submitted', body: 'Submitted by you' },
    { reportId: report!.id, kind: 'note', body: `internal note about ${staffName}`, internal: true, actorUserId: staff!.id, actorRole: 'staff' },
    { reportId: report!.id, kind: 'status', status: 'in_review', body: 'Looking at it', actorUserId: staff!.id, actorRole: 'staff' },
  ]);
  await db().insert(auditLog).values({ actorUserId: staff!.id, actorRole: 'staff', action: 'report.viewed', subjectUserId: id, reportId: report!.id, reason: 'Customer asked by phone' });
  const [conversation] = await db()
    .insert(conversations)
    .values({ userId: id, topic: 'data_question', replyTo: email, replyToNormalized: email, status: 'answered', verifiedAt: new Date(), dueAt: new Date(Date.now() + 30 * 24 * HOUR), claimedBy: staff!.id })
    .returning({ id: conversations.id });
  await db().insert(conversationEvents).values([
    { conversationId: conversation!.id, kind: 'message', author: 'customer', actorUserId: id, actorRole: 'customer', body: 'What do you hold about me?' },
    { conversationId: conversation!.id, kind: 'assignment', author: 'staff', actorUserId: staff!.id, actorRole: 'staff', body: `Claimed by ${staffName}`, internal: true },
    { conversationId: conversation!.id, kind: 'note', author: 'staff', actorUserId: staff!.id, actorRole: 'staff', body: `internal note about ${staffName}`, internal: true },
    { conversationId: conversation!.id, kind: 'reply', author: 'staff', actorUserId: staff!.id, actorRole: 'staff', body: 'Everything is on your account page.' },
  ]);
  await db().insert(orders).values([
    { userId: id, reference: `AC-${tag}-1`, placedAt: new Date('2026-10-01T10:00:00Z'), description: 'Credits', amountMinor: 1299, currency: 'GBP', cardBrand: 'Visa', cardLast4: '4242' },
    { userId: id, reference: `AC-${tag}-2`, placedAt: new Date('2026-11-01T10:00:00Z'), description: 'Pro plan', amountMinor: 900, currency: 'GBP', cardBrand: 'Mastercard', cardLast4: '5100' },
  ]);
  await db().insert(outbox).values({ channel: 'email', userId: id, recipient: email, subject: 'Your code', text: `Your ${secrets[4]}`, html: `<p>${secrets[4]}</p>`, topic: 'security' });
  await db().insert(verifications).values({ purpose: 'email_change', target: email, userId: id, codeHash: secrets[2]!, expiresAt: new Date(Date.now() + 10 * MIN) });
  // Two-step sign-in: the app's secret (as set up and as stored sealed) and the recovery codes (as shown and as hashed) are never exported.
  const { secret } = await beginTotpSetup(db(), id, username);
  const codes = await issueRecoveryCodes(db(), id);
  const [{ sealed }] = (await db().select({ sealed: totpCredentials.secretEncrypted }).from(totpCredentials).where(eq(totpCredentials.userId, id))) as [{ sealed: string }];
  const hashes = (await db().select({ h: recoveryCodes.codeHash }).from(recoveryCodes).where(eq(recoveryCodes.userId, id))).map((r) => r.h);
  secrets.push(secret, sealed, ...codes, ...codes.map((c) => c.replace('-', '')), ...hashes);
  await db().insert(accountDeletions).values({ userId: id, purgeAfter: new Date(Date.now() + 14 * 24 * HOUR), cancelTokenHash: secrets[3]! });
  return { id, username, email, secrets, staffId: staff!.id, staffName };
}

const actor = (userId: string, reauthAt: Date | null = new Date()): ExportActor => ({ userId, reauthenticatedAt: reauthAt });

async function drain(body: Readable) {
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function download(userId: string, now = new Date()) {
  const started = await startExport(actor(userId, now), ctx, now);
  if (!started.ok) throw new Error(`refused: ${started.refusal}`);
  const zip = await drain(started.body);
  expect(await started.settled).toBe('complete');
  return { files: await unzipText(zip), zip };
}

type DataJson = { exportedAt: string; collections: Record<string, Record<string, unknown>[]> };

describe('the export archive', () => {
  it('holds data.json, a CSV per collection and README.html, matching the database row for row', async () => {
    const c = await newCustomer();
    const { files } = await download(c.id);
    expect([...files.keys()].sort()).toEqual(['README.html', 'data.json', ...EXPORT_COLLECTIONS.map((x) => `${x.name}.csv`)].sort());
    const data = JSON.parse(files.get('data.json')!) as DataJson;
    expect(Object.keys(data.collections)).toEqual(EXPORT_COLLECTIONS.map((x) => x.name));

    const [user] = await db().select().from(users).where(eq(users.id, c.id));
    expect(data.collections.account).toEqual([
      expect.objectContaining({ id: c.id, username: c.username, email: c.email, email_verified_at: '2026-01-02T03:04:05.000Z', mobile: user!.mobile, pin_set: true, role: 'customer' }),
    ]);
    expect(data.collections.profile).toEqual([expect.objectContaining({ full_name: 'Ada Exporter', date_of_birth: '1990-04-05' })]);
    const logins = await db().select().from(loginEvents).where(eq(loginEvents.userId, c.id)).orderBy(loginEvents.id);
    expect(data.collections.login_history!.map((r) => [r.ip, r.success, r.at])).toEqual(logins.map((l) => [l.ip, l.success, l.createdAt.toISOString()]));
    expect(data.collections.consent_history!.map((r) => r.state)).toEqual(['pending', 'granted']);
    expect(data.collections.consents).toEqual([expect.objectContaining({ topic: 'offers', state: 'granted' })]);
    expect(data.collections.policy_acknowledgements).toEqual([expect.objectContaining({ ip: '203.0.113.10' })]);
    expect(data.collections.purchases!.map((r) => [r.amount_minor_units, r.currency, r.card_brand, r.card_last4])).toEqual([
      [1299, 'GBP', 'Visa', '4242'],
      [900, 'GBP', 'Mastercard', '5100'],
    ]);
    expect(data.collections.reports).toEqual([expect.objectContaining({ item: 'profile.city', value_when_reported: 'Leeds', proposed_value: 'York', status: 'in_review' })]);
    // The timeline as the customer sees it: no internal note, staff by role only.
    expect(data.collections.report_timeline!.map((r) => [r.status, r.message, r.by_role])).toEqual([
      ['submitted', 'Submitted by you', null],
      ['in_review', 'Looking at it', 'staff'],
    ]);
    expect(data.collections.contact_messages).toEqual([expect.objectContaining({ topic: 'data_question', reply_to: c.email, status: 'answered' })]);
    // The conversation as the customer sees it: no internal note or assignment, staff by role only.
    expect(data.collections.contact_conversations!.map((r) => [r.kind, r.from, r.staff_role, r.text])).toEqual([
      ['message', 'customer', null, 'What do you hold about me?'],
      ['reply', 'staff', 'staff', 'Everything is on your account page.'],
    ]);
    expect(data.collections.staff_access).toEqual([expect.objectContaining({ staff_role: 'staff', action: 'report.viewed' })]);
    expect(Object.keys(data.collections.staff_access![0]!)).toEqual(['at', 'staff_role', 'action', 'report_id', 'message_id', 'reason']);
    // The download's own security event and email are in it: the snapshot is taken after they were written.
    expect(data.collections.security_events).toEqual([expect.objectContaining({ kind: 'data_export', ip: ctx.ip, user_agent: ctx.userAgent })]);
    expect(data.collections.messages!.map((m) => m.subject)).toEqual(['Your code', 'A copy of your data was downloaded']);
    expect(data.collections.deletion_schedule).toHaveLength(1);
    expect(data.collections.sessions).toEqual([expect.objectContaining({ ip: '203.0.113.5', user_agent: 'Session UA', method: 'password' })]);

    // Every CSV has the collection's columns as its header and the same rows as data.json.
    for (const col of EXPORT_COLLECTIONS) {
      const rows = parseCsv(files.get(`${col.name}.csv`)!);
      expect(rows.length, col.name).toBe(data.collections[col.name]!.length);
      expect(files.get(`${col.name}.csv`)!.split('\n')[0], col.name).toBe(Object.keys(col.columns).join(','));
    }
    // A value a spreadsheet would run as a formula is defused in the CSV, kept as is in JSON.
    expect(files.get('profile.csv')).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    expect(data.collections.profile![0]!.city).toBe('=HYPERLINK("http://evil.example")');

    // README.html explains every collection with its purpose, retention, recipients and source, and the row counts.
    const readme = files.get('README.html')!;
    for (const col of EXPORT_COLLECTIONS) expect(readme).toContain(`<section id="${col.name}">`);
    expect(readme).toContain('90 days, then deleted automatically.');
    expect(readme).toMatch(/<section id="login_history">[\s\S]*?Records: 7\./);
    expect(readme.match(/<dt>Who receives it<\/dt>/g)).toHaveLength(EXPORT_COLLECTIONS.length);
  });

  it('never contains a secret: no password or PIN hash, code hash, cancel token hash, message body, staff identity or internal note', async () => {
    const c = await newCustomer();
    const { files, zip } = await download(c.id);
    const [session] = await db().select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, c.id));
    const forbidden = [...c.secrets, c.staffId, c.staffName, session!.id, 'internal note'];
    for (const [name, text] of files) for (const s of forbidden) expect(text.includes(s), `${name} contains ${s}`).toBe(false);
    // And not hidden in the raw archive either (names, comments).
    for (const s of forbidden) expect(zip.includes(Buffer.from(s))).toBe(false);
    // The reason staff gave for an access is the customer's to see, in the account and in the export alike.
    expect(files.get('staff_access.csv')).toContain('Customer asked by phone');
  });

  it("is the signed-in customer's own data only: another customer's export holds none of it", async () => {
    const a = await newCustomer();
    const b = await newCustomer();
    const { files } = await download(b.id);
    const all = [...files.values()].join('\n');
    for (const s of [a.id, a.email, a.username, `AC-${a.username.slice(3)}`]) expect(all).not.toContain(s);
    expect(all).toContain(b.email);
  });

  it('is one snapshot: rows written after the request started are in no file', async () => {
    const c = await newCustomer();
    const now = new Date();
    const started = await startExport(actor(c.id, now), ctx, now);
    if (!started.ok) throw new Error(started.refusal);
    await db().insert(loginEvents).values(Array.from({ length: 5 }, () => ({ userId: c.id, success: true, method: 'pin' as const, reason: 'ok', ip: '192.0.2.99' })));
    const files = await unzipText(await drain(started.body));
    await started.settled;
    const data = JSON.parse(files.get('data.json')!) as DataJson;
    expect(data.collections.login_history).toHaveLength(7);
    expect(files.get('login_history.csv')).not.toContain('192.0.2.99');
  });
});

describe('who may download', () => {
  it('needs a session (401) and a re-authentication in the last 5 minutes (403), and writes nothing when refused', async () => {
    const c = await newCustomer();
    const now = new Date();
    expect(await startExport(null, ctx, now)).toMatchObject({ ok: false, status: 401, refusal: 'signed_out' });
    expect(await startExport(actor(c.id, null), ctx, now)).toMatchObject({ ok: false, status: 403, refusal: 'reauth' });
    expect(await startExport(actor(c.id, new Date(now.getTime() - 5 * MIN - 1000)), ctx, now)).toMatchObject({ ok: false, status: 403, refusal: 'reauth' });
    const [events] = await db().select({ n: count() }).from(securityEvents).where(eq(securityEvents.userId, c.id));
    expect(events!.n).toBe(0);
  });
});

describe('rate limit and concurrency', () => {
  it('allows 3 downloads in 24 hours, each a security event and a security email; the 4th is refused until the first ages out', async () => {
    const c = await newCustomer();
    const t0 = new Date();
    for (let i = 0; i < 3; i++) await download(c.id, new Date(t0.getTime() + i * HOUR));
    const fourthAt = new Date(t0.getTime() + 5 * HOUR);
    const refused = await startExport(actor(c.id, fourthAt), ctx, fourthAt);
    expect(refused).toMatchObject({ ok: false, status: 429, refusal: 'limit', retryAt: new Date(t0.getTime() + 24 * HOUR) });
    expect(await exportAllowance(c.id, fourthAt)).toEqual({ left: 0, nextAt: new Date(t0.getTime() + 24 * HOUR) });

    const events = await db().select().from(securityEvents).where(eq(securityEvents.userId, c.id));
    expect(events.map((e) => [e.kind, e.ip, e.userAgent])).toEqual(Array(3).fill(['data_export', ctx.ip, ctx.userAgent]));
    const mails = await db().select().from(outbox).where(and(eq(outbox.userId, c.id), eq(outbox.subject, 'A copy of your data was downloaded')));
    expect(mails).toHaveLength(3);
    expect(mails[0]).toMatchObject({ topic: 'security', recipient: c.email });
    expect(mails[0]!.text).toContain('Firefox 121 on Linux');
    expect(mails[0]!.text).toContain(ctx.ip);

    const later = new Date(t0.getTime() + 24 * HOUR + 1);
    expect(await exportAllowance(c.id, later)).toEqual({ left: 1, nextAt: null });
    await download(c.id, later);
  });

  it('two requests at once: one export, one "already being prepared", never two', async () => {
    const c = await newCustomer();
    const now = new Date();
    const both = await Promise.all([startExport(actor(c.id, now), ctx, now), startExport(actor(c.id, now), ctx, now)]);
    const started = both.filter((r): r is Extract<ExportStart, { ok: true }> => r.ok);
    expect(started).toHaveLength(1);
    expect(both.filter((r) => !r.ok)).toEqual([expect.objectContaining({ ok: false, status: 429, refusal: 'busy' })]);
    // While the first is still streaming, a third is refused too.
    expect(await startExport(actor(c.id, now), ctx, now)).toMatchObject({ refusal: 'busy' });
    await drain(started[0]!.body);
    expect(await started[0]!.settled).toBe('complete');
    const [events] = await db().select({ n: count() }).from(securityEvents).where(eq(securityEvents.userId, c.id));
    expect(events!.n).toBe(1);
    // Once it has finished, the lock is free again.
    await download(c.id, now);
  });

  it('a download abandoned halfway ends its transaction and frees the lock', async () => {
    const c = await newCustomer();
    await db().insert(loginEvents).values(Array.from({ length: 3000 }, (_, i) => ({ userId: c.id, success: true, method: 'password' as const, reason: 'ok', ip: `10.0.${i % 250}.1` })));
    const now = new Date();
    const started = await startExport(actor(c.id, now), ctx, now);
    if (!started.ok) throw new Error(started.refusal);
    for await (const _chunk of started.body) break; // reads one chunk, then goes away
    started.body.destroy();
    expect(await started.settled).toBe('aborted');
    await download(c.id, now);
  });

  it('another customer is not blocked by this one\'s download', async () => {
    const a = await newCustomer();
    const b = await newCustomer();
    const now = new Date();
    const first = await startExport(actor(a.id, now), ctx, now);
    if (!first.ok) throw new Error(first.refusal);
    await download(b.id, now);
    await drain(first.body);
    await first.settled;
  });
});
