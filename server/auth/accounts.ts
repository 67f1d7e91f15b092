import 'server-only';
import { and, eq, or } from 'drizzle-orm';
import { getDb, type DbOrTx, type Tx } from '@/db/client';
import { users } from '@/db/schema';
import type { OptionalTopic } from '@/lib/consent';
import type { Reason } from '@/lib/messages';
import { normalizeEmail } from '@/lib/validation/fields';
import { clock } from '../clock';
import { askToConfirm } from '../consent/double-opt-in';
import { mail } from '../mail/transport';
import type { RequestContext } from '../request';
import { templates } from '../mail/templates';
import { consumeLinkToken, createLinkToken, endVerifications, findLinkToken, peekLinkToken } from '../verifications';
import { hashSecret } from './hash';
import { textMobileCode } from './mobile-verification';
import { consumeRateLimit, MAIL_POLICY } from './throttle';
import { commonPasswordProblem } from './password-strength';
import { consumeRateLimits, type ThrottlePolicy } from './throttle';
import { uniqueViolation } from '../core/sql';
import { throttleKeys } from './throttle-keys';

export interface NewAccount {
  username: string;
  email: string;
  password: string;
  mobile?: string;
  pin?: string;
  role?: 'customer' | 'staff' | 'admin';
  verified?: boolean;
  /** Mail topics ticked at sign-up: pending until the emailed link confirms them. */
  topics?: OptionalTopic[];
  /** Where the sign-up came from, for the consent ledger. */
  context?: Pick<RequestContext, 'ip' | 'userAgent'>;
}

export type CreateAccountResult = { ok: true; userId: string } | { ok: false; reasons: Reason[] };

const UNIQUE_FIELDS: Record<string, keyof NewAccount> = { users_username_key: 'username', users_email_key: 'email', users_mobile_key: 'mobile' };
const TAKEN: Record<string, Reason> = {
  username: { code: 'username_taken', field: 'username' },
  email: { code: 'email_taken_at_sign_up', field: 'email' },
  mobile: { code: 'mobile_in_use', field: 'mobile' },
};

/**
 * Creates an account from already-validated input (usernames and mobiles normalized).
 * Uniqueness is decided by the database's unique indexes, so two sign-ups racing
 * for one name cannot both win. Sends the email confirmation link, and the subscription
 * confirmation for any topics ticked, in the same transaction.
 *
 * Takes a database handle first and opens its transaction on it: a savepoint when
 * the caller passes its own transaction (admin-account.ts writes its audit entry
 * in that one, so both happen or neither), whose rollback on a lost uniqueness race
 * leaves the caller's transaction usable. Sign-up passes getDb(): the action signs
 * the new account in with Auth.js, on Auth.js's own connection, so it must be
 * committed first (record 028).
 */
export async function createAccount(db: DbOrTx, input: NewAccount, now = clock.now()): Promise<CreateAccountResult> {
  const common = commonPasswordProblem(input.password);
  if (common) return { ok: false, reasons: [{ code: 'password_common', field: 'password' }] };
  if (input.pin && input.role && input.role !== 'customer') return { ok: false, reasons: [{ code: 'pin_staff', field: 'pin' }] };

  const emailNormalized = normalizeEmail(input.email);
  const taken = await db
    .select({ username: users.username, email: users.emailNormalized, mobile: users.mobile })
    .from(users)
    .where(or(eq(users.username, input.username), eq(users.emailNormalized, emailNormalized), input.mobile ? eq(users.mobile, input.mobile) : undefined));
  const clash = new Set<string>();
  for (const t of taken) {
    if (t.username === input.username) clash.add('username');
    if (t.email === emailNormalized) clash.add('email');
    if (input.mobile && t.mobile === input.mobile) clash.add('mobile');
  }
  // In the form's order, whichever rows matched.
  const reasons = ['username', 'email', 'mobile'].filter((f) => clash.has(f)).map((f) => TAKEN[f]!);
  if (reasons.length) return { ok: false, reasons };

  const [passwordHash, pinHash] = await Promise.all([hashSecret(input.password), input.pin ? hashSecret(input.pin) : null]);
  try {
    const userId = await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(users)
        .values({
          username: input.username,
          email: input.email.trim(),
          emailNormalized,
          emailVerifiedAt: input.verified ? now : null,
          mobile: input.mobile ?? null,
          mobileVerifiedAt: input.verified && input.mobile ? now : null,
          passwordHash,
          pinHash,
          role: input.role ?? 'customer',
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: users.id });
      if (!input.verified) {
        await sendVerifyLink(tx, { id: row!.id, email: input.email.trim(), emailNormalized }, now);
        // PIN sign-in waits for this number to be confirmed by the code (docs/decisions/023).
        if (input.mobile) await textMobileCode(tx, { id: row!.id, mobile: input.mobile }, now);
      }
      await askToConfirm(tx, { userId: row!.id, email: input.email.trim() }, input.topics ?? [], 'signup', input.context ?? { ip: null, userAgent: null }, now);
      return row!.id;
    });
    return { ok: true, userId };
  } catch (e) {
    const constraint = uniqueViolation(e);
    const field = constraint ? UNIQUE_FIELDS[constraint] : undefined;
    if (field) return { ok: false, reasons: [TAKEN[field]!] };
    throw e;
  }
}

const VERIFY_LINK_MINUTES = 7 * 24 * 60;

async function sendVerifyLink(tx: Tx, user: { id: string; email: string; emailNormalized: string }, now: Date) {
  const token = await createLinkToken(tx, { purpose: 'email_verify', target: user.emailNormalized, userId: user.id, minutes: VERIFY_LINK_MINUTES }, now);
  await mail.sendEmail({ to: user.email, userId: user.id, ...(await templates.verifyEmail(token)) }, tx);
}

export type ResendOutcome = { ok: true; email: string } | { ok: false; reason: Reason };

/**
 * A new confirmation link for the account's current, unconfirmed address; earlier
 * links die with it. A few per quarter hour per account, however it is asked for.
 */
export async function resendVerifyLink(tx: Tx, userId: string, now = clock.now()): Promise<ResendOutcome> {
  const [user] = await tx.select().from(users).where(eq(users.id, userId)).for('update');
  if (!user || user.status !== 'active') return { ok: false, reason: { code: 'verify_link_unknown' } };
  if (user.emailVerifiedAt) return { ok: false, reason: { code: 'email_already_confirmed' } };
  if (!(await consumeRateLimit(tx, throttleKeys.verifyEmail(userId), MAIL_POLICY, now))) return { ok: false, reason: { code: 'links_rate_limited' } };
  await endVerifications(tx, userId, ['email_verify'], now);
  await sendVerifyLink(tx, user, now);
  return { ok: true, email: user.email };
}

/**
 * The same, asked for from the page behind an expired or used link: the link
 * itself says which account and address it was for, so nobody has to sign in.
 * A link for an address the account no longer has gets nothing.
 */
export async function resendFromLink(tx: Tx, token: string, now = clock.now()): Promise<ResendOutcome> {
  const row = await findLinkToken(tx, 'email_verify', token);
  if (!row?.userId) return { ok: false, reason: { code: 'verify_link_unknown' } };
  const [user] = await tx.select({ emailNormalized: users.emailNormalized }).from(users).where(eq(users.id, row.userId));
  if (user?.emailNormalized !== row.target) return { ok: false, reason: { code: 'verify_link_unknown' } };
  return resendVerifyLink(tx, row.userId, now);
}

/** Whether a confirmation link can still be used (for the page behind it). */
export async function verifyLinkIsValid(token: string, now = clock.now()) {
  return !!(await peekLinkToken(getDb(), 'email_verify', token, now));
}

const HOUR = 60 * 60_000;
/** New accounts from one client address. */
export const SIGN_UP_PER_IP: ThrottlePolicy = { free: 30, baseLockMs: HOUR, maxLockMs: 24 * HOUR, resetAfterMs: HOUR };
/**
 * Sign-ups naming one username, email or mobile (normalized): enough for someone
 * trying a few usernames with their own address, too few to ask about one
 * identifier again and again from many addresses.
 */
export const SIGN_UP_PER_IDENTIFIER: ThrottlePolicy = { free: 10, baseLockMs: 15 * 60_000, maxLockMs: HOUR, resetAfterMs: HOUR };

export type SignUpResult = CreateAccountResult | { ok: false; reason: Reason };

/**
 * The public sign-up: every attempt counts against the client address and
 * against each identifier typed before anything is looked up, so the "already
 * taken" answers cannot be asked for without limit. Past any limit the answer
 * is the same, whichever limit it was.
 */
export async function signUpAccount(input: NewAccount, ctx: Pick<RequestContext, 'ip' | 'userAgent'>, now = clock.now()): Promise<SignUpResult> {
  const limits = [
    ...(ctx.ip ? [{ key: throttleKeys.signUpIp(ctx.ip), policy: SIGN_UP_PER_IP }] : []),
    { key: throttleKeys.signUpUsername(input.username), policy: SIGN_UP_PER_IDENTIFIER },
    { key: throttleKeys.signUpEmail(normalizeEmail(input.email)), policy: SIGN_UP_PER_IDENTIFIER },
    ...(input.mobile ? [{ key: throttleKeys.signUpMobile(input.mobile), policy: SIGN_UP_PER_IDENTIFIER }] : []),
  ];
  // Counted in a transaction of their own, so a refused attempt still counts.
  const allowed = await getDb().transaction((tx) => consumeRateLimits(tx, limits, now));
  if (!allowed) return { ok: false, reason: { code: 'sign_up_rate_limited' } };
  return createAccount(getDb(), { ...input, role: 'customer', verified: false, context: ctx }, now);
}

/** Confirms the email address behind a verification link. */
export async function confirmEmail(token: string, now = clock.now()): Promise<boolean> {
  return getDb().transaction(async (tx) => {
    const row = await consumeLinkToken(tx, 'email_verify', token, now);
    if (!row?.userId) return false;
    // The link proves control of the address it was sent to, not of a newer one.
    const updated = await tx
      .update(users)
      .set({ emailVerifiedAt: now, updatedAt: now })
      .where(and(eq(users.id, row.userId), eq(users.emailNormalized, row.target)))
      .returning({ id: users.id });
    return updated.length === 1;
  });
}
