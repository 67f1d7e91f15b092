import 'server-only';
import { and, eq, or } from 'drizzle-orm';
import type { Reason } from '@/lib/messages';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import type { OptionalTopic } from '@/lib/consent';
import { normalizeEmail } from '@/lib/validation/fields';
import { clock } from '../clock';
import { askToConfirm } from '../consent/double-opt-in';
import { mail } from '../mail/transport';
import type { RequestContext } from '../request';
import { templates } from '../mail/templates';
import { createLinkToken, consumeLinkToken } from '../verifications';
import { hashSecret } from './hash';
import { commonPasswordProblem } from './password-strength';
import { consumeRateLimits, type ThrottlePolicy } from './throttle';

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

export type CreateAccountResult = { ok: true; userId: string } | { ok: false; fieldErrors: Record<string, string[]> };

const UNIQUE_FIELDS: Record<string, keyof NewAccount> = { users_username_key: 'username', users_email_key: 'email', users_mobile_key: 'mobile' };
const TAKEN: Record<string, string> = {
  username: 'This username is taken. Choose another.',
  email: 'An account already uses this email address. Sign in or reset your password instead.',
  mobile: 'An account already uses this mobile number.',
};

/**
 * Creates an account from already-validated input (usernames and mobiles normalized).
 * Uniqueness is decided by the database's unique indexes, so two sign-ups racing
 * for one name cannot both win. Sends the email confirmation link, and the subscription
 * confirmation for any topics ticked, in the same transaction.
 */
export async function createAccount(input: NewAccount, now = clock.now()): Promise<CreateAccountResult> {
  const common = commonPasswordProblem(input.password);
  if (common) return { ok: false, fieldErrors: { password: [common] } };
  if (input.pin && input.role && input.role !== 'customer') return { ok: false, fieldErrors: { pin: ['Staff accounts cannot use a PIN'] } };

  const db = getDb();
  const emailNormalized = normalizeEmail(input.email);
  const taken = await db
    .select({ username: users.username, email: users.emailNormalized, mobile: users.mobile })
    .from(users)
    .where(or(eq(users.username, input.username), eq(users.emailNormalized, emailNormalized), input.mobile ? eq(users.mobile, input.mobile) : undefined));
  const fieldErrors: Record<string, string[]> = {};
  for (const t of taken) {
    if (t.username === input.username) fieldErrors.username = [TAKEN.username!];
    if (t.email === emailNormalized) fieldErrors.email = [TAKEN.email!];
    if (input.mobile && t.mobile === input.mobile) fieldErrors.mobile = [TAKEN.mobile!];
  }
  if (Object.keys(fieldErrors).length) return { ok: false, fieldErrors };

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
        const token = await createLinkToken(tx, { purpose: 'email_verify', target: emailNormalized, userId: row!.id, minutes: 7 * 24 * 60 }, now);
        await mail.sendEmail({ to: input.email.trim(), userId: row!.id, ...(await templates.verifyEmail(token)) }, tx);
      }
      await askToConfirm(tx, { userId: row!.id, email: input.email.trim() }, input.topics ?? [], 'signup', input.context ?? { ip: null, userAgent: null }, now);
      return row!.id;
    });
    return { ok: true, userId };
  } catch (e) {
    const constraint = (e as { cause?: { constraint_name?: string }; constraint_name?: string }).cause?.constraint_name ?? (e as { constraint_name?: string }).constraint_name;
    const field = constraint ? UNIQUE_FIELDS[constraint] : undefined;
    if (field) return { ok: false, fieldErrors: { [field]: [TAKEN[field]!] } };
    throw e;
  }
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
    ...(ctx.ip ? [{ key: `signup-ip:${ctx.ip}`, policy: SIGN_UP_PER_IP }] : []),
    { key: `signup-username:${input.username}`, policy: SIGN_UP_PER_IDENTIFIER },
    { key: `signup-email:${normalizeEmail(input.email)}`, policy: SIGN_UP_PER_IDENTIFIER },
    ...(input.mobile ? [{ key: `signup-mobile:${input.mobile}`, policy: SIGN_UP_PER_IDENTIFIER }] : []),
  ];
  // Counted in a transaction of their own, so a refused attempt still counts.
  const allowed = await getDb().transaction((tx) => consumeRateLimits(tx, limits, now));
  if (!allowed) return { ok: false, reason: { code: 'sign_up_rate_limited' } };
  return createAccount({ ...input, role: 'customer', verified: false, context: ctx }, now);
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
