/** Shared set-up for the deletion tests (not a test file itself). Real Postgres, real domain functions, no mocks. */
import { randomBytes } from 'node:crypto';
import { desc, eq, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { orders, outbox, users } from '@/db/schema';
import { requestContactChange } from '@/test/vitest/use-cases/contact';
import { updateProfile } from './use-cases/profile';
import { createAccount } from './use-cases/accounts';
import { hashSecret } from '@/server/auth/hash';
import { verifyPasswordSignIn, verifyPinSignIn } from '@/server/auth/credentials';
import { requestReset } from '@/test/vitest/use-cases/recovery';
import { createSession } from '@/server/auth/sessions';
import { recordConsent } from '@/server/consent/ledger';
import type { RequestContext } from '@/server/request';
import { generateSync } from 'otplib';
import { passkeyRegistrationOptions, registerPasskey, relyingParty } from '@/server/auth/passkeys';
import { issueRecoveryCodes } from '@/server/auth/recovery-codes';
import { completeSecondStep, startSecondStep } from '@/server/auth/second-step';
import { SoftAuthenticator } from '@/server/auth/soft-authenticator';
import { beginTotpSetup, checkTotp } from '@/server/auth/totp';
import { replyAsCustomer } from '@/server/contact/customer';
import { addStaffNote, claimConversation, getConversationForStaff, replyAsStaff } from '@/server/contact/staff';
import { confirmContact, submitContact } from '@/server/contact/submit';
import { answerReport } from './use-cases/reports-customer';
import { demoteStaff, promoteToStaff } from './use-cases/staff-roles';
import { claimReport, getReportForStaff, requestInformation } from './use-cases/reports-staff';
import { raiseVerified, reauthed, unwrap, type TestUser } from './reports';
import type { DeletionActor } from '@/server/privacy/deletion';

export { at, DAY } from '../kit/time';
export const ctx: RequestContext = { ip: '203.0.113.7', userAgent: 'Vitest browser', requestId: null };

/** Everything that identifies a customer: what the completeness scan looks for after the purge. */
export interface RichCustomer {
  id: string;
  username: string;
  email: string;
  password: string;
  mobile: string;
  pendingEmail: string;
  fullName: string;
  addressLine1: string;
  postalCode: string;
  sessionId: string;
  reportId: number;
  /** Their signed-in contact message, and one they wrote from their address while signed out. */
  conversationIds: number[];
}

export const identifying = (c: RichCustomer) => [c.email, c.username, c.mobile, c.pendingEmail, c.fullName, c.addressLine1, c.postalCode];

/** The actor a server action would build from this customer's live session, re-authenticated at `reauthAt`. */
export const actorOf = (c: Pick<RichCustomer, 'id' | 'sessionId'>, reauthAt: Date | null = null): DeletionActor => ({ userId: c.id, sessionId: c.sessionId, reauthenticatedAt: reauthAt });

const mobileNo = () => `+447700900${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`;

/**
 * A customer with something in every corner: profile with name and address,
 * mobile and PIN, sign-ins (good and bad: login history and throttle rows),
 * sessions, a reset link and a pending email change (verifications, outbox),
 * consents and their ledger, a report with a staff question and answer, staff
 * audit entries whose reasons name them, and purchases.
 */
export async function richCustomer(name: { first: string; last: string }, staff: { reviewer: TestUser; admin: TestUser }, now: Date): Promise<RichCustomer> {
  const tag = randomBytes(3).toString('hex');
  const username = `${name.first.toLowerCase()}${tag}`;
  const email = `${name.first}.${name.last}.${tag}@Example.test`;
  const password = `marble ${tag} lantern quietly`;
  let mobile = mobileNo();
  let created = await createAccount({ username, email, password, mobile, pin: '480317', verified: true }, now);
  for (let i = 0; !created.ok && i < 10; i++) created = await createAccount({ username, email, password, mobile: (mobile = mobileNo()), pin: '480317', verified: true }, now);
  const id = unwrap(created.ok ? { ok: true, data: created.userId } : { ok: false, fieldErrors: created.fieldErrors });

  // Sign-ins: failures by username (throttle `pw:<username>`), a success by email, a PIN sign-in.
  for (let i = 0; i < 2; i++) await verifyPasswordSignIn(username, 'not my password at all', ctx, now);
  await verifyPasswordSignIn(email, password, ctx, now);
  await verifyPinSignIn(mobile, '480317', ctx, now);
  // A spell as staff leaves audit entries whose reasons name the customer (and signs them out everywhere, so before the sessions below).
  const fullName = `${name.first} ${name.last}`;
  unwrap(await promoteToStaff(reauthed(staff.admin, now), { user: username, role: 'staff', reason: `${fullName} covers the help desk` }, now));
  unwrap(await demoteStaff(reauthed(staff.admin, now), { userId: id, reason: `${fullName} went back to being a customer` }, now));
  // Promotion removed the PIN (staff cannot have one); the customer sets it again.
  await getDb().update(users).set({ pinHash: await hashSecret('480317') }).where(eq(users.id, id));
  const session = await createSession(getDb(), { userId: id, method: 'password', ip: ctx.ip, userAgent: ctx.userAgent }, now);
  await createSession(getDb(), { userId: id, method: 'pin', ip: '198.51.100.4', userAgent: 'Phone' }, now);

  const addressLine1 = `${17 + tag.length} ${name.last} Terrace`;
  // The whole tag: two customers sharing a postal code would find each other in the scans (one hex digit collided 1 time in 16).
  const postalCode = `ZX${tag.toUpperCase()} 8QW`;
  await updateProfile(id, 1, { fullName, preferredName: name.first, addressLine1, city: 'Pennyfeather', postalCode, country: 'GB', dateOfBirth: '1990-04-02' }, undefined, now);

  await requestReset('password', email, ctx, now);
  const pendingEmail = `${name.first}.new.${tag}@example.test`;
  const change = await requestContactChange('email', id, pendingEmail, now);
  if (!change.ok) throw new Error(`contact change refused: ${change.reason.code}`);

  await getDb().transaction(async (tx) => {
    await recordConsent(tx, { userId: id, topic: 'offers', state: 'granted', source: 'signup', ...ctx }, now);
    await recordConsent(tx, { userId: id, topic: 'newsletter', state: 'pending', source: 'settings', ...ctx }, now);
  });

  const me: TestUser = { id, username, email, actor: { userId: id, role: 'customer', reauthenticatedAt: null } };
  const reportId = await raiseVerified(me, { item: 'profile.fullName', proposedValue: `${fullName}-Smythe`, explanation: `My name is ${fullName}, not that.` }, now);
  unwrap(await claimReport(staff.reviewer.actor, reportId, now));
  await getReportForStaff(staff.reviewer.actor, reportId, now);
  unwrap(await requestInformation(staff.reviewer.actor, reportId, { question: `${name.first}, please send a document showing ${fullName} at ${addressLine1}.` }, now));
  unwrap(await answerReport(me.actor, reportId, { answer: `Here it is: ${fullName}, ${addressLine1}, ${postalCode}.` }, now));

  // Contact messages: one signed in (answered, noted, answered back), one written signed out from their address and confirmed.
  // No client address: the many customers of one test file must not share the per-IP contact limit.
  const noIp = { ip: null };
  const conversationIds = await getDb().transaction(async (tx) => {
    const sent = await submitContact(tx, me.actor, { topic: 'data_question', message: `I am ${fullName} of ${addressLine1}: what do you hold?`, email }, noIp, now);
    if (!('status' in sent) || sent.status !== 'sent') throw new Error('contact message was not sent');
    await claimConversation(tx, staff.reviewer.actor, { conversationId: sent.id }, now);
    await replyAsStaff(tx, staff.reviewer.actor, { conversationId: sent.id, message: `Dear ${name.first}, everything is on your account page.` }, now);
    await addStaffNote(tx, staff.reviewer.actor, { conversationId: sent.id, note: `${fullName} asked by phone too.` }, now);
    await replyAsCustomer(tx, me.actor, { conversationId: sent.id, message: `Thanks. ${postalCode} is right.` }, now);
    await submitContact(tx, null, { topic: 'other', message: `Hello, ${name.first} here, not signed in.`, email: email.toUpperCase() }, noIp, now);
    return [sent.id];
  });
  const [confirmMail] = await getDb().select().from(outbox).where(sql`${outbox.recipient} = ${email.toUpperCase()}`).orderBy(desc(outbox.id)).limit(1);
  const link = /\/contact\/confirm\?c=(\d+)&token=([A-Za-z0-9_-]+)/.exec(confirmMail?.text ?? '');
  if (!link) throw new Error('no confirmation link for the signed-out contact message');
  await getDb().transaction((tx) => confirmContact(tx, { conversationId: Number(link[1]), token: link[2]! }, now));
  conversationIds.push(Number(link[1]));
  await getConversationForStaff(getDb(), staff.reviewer.actor, conversationIds[1]!, now);

  await getDb()
    .insert(orders)
    .values([
      { userId: id, reference: `AC-${tag}-1`, placedAt: now, description: 'Annual plan', amountMinor: 4900, currency: 'GBP', cardBrand: 'Visa', cardLast4: '4242' },
      { userId: id, reference: `AC-${tag}-2`, placedAt: now, description: 'Extra storage', amountMinor: 990, currency: 'GBP', cardBrand: 'Mastercard', cardLast4: '5100' },
    ]);
  await twoStepFor(id, username, `${fullName}'s phone`, now);
  return { id, username, email, password, mobile, pendingEmail, fullName, addressLine1, postalCode, sessionId: session.id, reportId, conversationIds };
}

/**
 * Two-step sign-in as the customer would set it up (issue 12): an authenticator
 * app confirmed by a code, a passkey named after them, recovery codes, and a
 * sign-in whose second step used one of them.
 */
async function twoStepFor(userId: string, username: string, passkeyName: string, now: Date) {
  const { secret } = await beginTotpSetup(getDb(), userId, username, now);
  await getDb().transaction((tx) => checkTotp(tx, userId, generateSync({ secret, epoch: Math.floor(now.getTime() / 1000) }), false, now));
  const { rpID, origin } = relyingParty();
  const key = new SoftAuthenticator({ id: rpID, origin });
  const options = await passkeyRegistrationOptions(getDb(), { id: userId, username }, now);
  await getDb().transaction((tx) => registerPasskey(tx, userId, key.register(options), passkeyName, now));
  const codes = await issueRecoveryCodes(getDb(), userId, now);
  const token = await startSecondStep(getDb(), userId, 'password', now);
  const outcome = await completeSecondStep(token, { kind: 'recovery_code', code: codes[0]! }, ctx, now);
  if (!outcome.ok) throw new Error('two-step fixture: the recovery code did not pass');
}

export const mailsTo = (userId: string) => getDb().select().from(outbox).where(eq(outbox.userId, userId)).orderBy(outbox.id);
export const latestMailTo = async (userId: string) => (await getDb().select().from(outbox).where(eq(outbox.userId, userId)).orderBy(desc(outbox.id)).limit(1))[0];
export const userRow = async (id: string) => (await getDb().select().from(users).where(eq(users.id, id)))[0];

/** The cancel token in the newest deletion email to this customer. */
export async function cancelTokenFor(userId: string): Promise<string> {
  const [m] = await getDb().select().from(outbox).where(sql`${outbox.userId} = ${userId} and ${outbox.subject} = 'Your account is scheduled for deletion'`).orderBy(desc(outbox.id)).limit(1);
  const token = /\/cancel-deletion\?token=([A-Za-z0-9_-]+)/.exec(m?.text ?? '')?.[1];
  if (!token) throw new Error('no cancel link in the deletion email');
  return token;
}

/** The public schema's base tables, read from Postgres (never a hard-coded list). */
export async function publicTables(): Promise<string[]> {
  const rows = (await getDb().execute(sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`)) as unknown as { table_name: string }[];
  return rows.map((r) => r.table_name);
}

/** Every row of every public table as JSON text, sorted: a byte-for-byte picture of the database. */
export async function dumpAll(): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const t of await publicTables()) {
    const rows = (await getDb().execute(sql`select row_to_json(x)::text as j from ${sql.identifier(t)} x order by 1`)) as unknown as { j: string }[];
    out[t] = rows.map((r) => r.j);
  }
  return out;
}

/**
 * Scans every text, varchar and jsonb column (and arrays of them) of every
 * public table for each term, case-insensitively; returns `table.column: term` per hit.
 */
export async function scanFor(terms: string[]): Promise<string[]> {
  const columns = (await getDb().execute(sql`
    select c.table_name, c.column_name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
    where c.table_schema = 'public'
      and (c.data_type in ('text', 'character varying', 'character', 'jsonb', 'json') or (c.data_type = 'ARRAY' and c.udt_name in ('_text', '_varchar', '_jsonb')))
    order by 1, 2`)) as unknown as { table_name: string; column_name: string }[];
  const hits: string[] = [];
  for (const { table_name, column_name } of columns) {
    for (const term of terms) {
      const [row] = (await getDb().execute(
        sql`select count(*)::int as n from ${sql.identifier(table_name)} where strpos(lower(${sql.identifier(column_name)}::text), lower(${term})) > 0`,
      )) as unknown as { n: number }[];
      if (row!.n > 0) hits.push(`${table_name}.${column_name}: ${term}`);
    }
  }
  return hits;
}
