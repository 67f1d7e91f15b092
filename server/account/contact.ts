import 'server-only';
import { and, eq, ne } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { normalizeEmail } from '@/lib/validation/fields';
import { clock } from '../clock';
import { MAIL_POLICY, consumeRateLimit } from '../auth/throttle';
import { mail, sms } from '../mail/transport';
import { templates } from '../mail/templates';
import { createCode, endResetLinks, verifyCode } from '../verifications';
import { recordChange } from './profile';

export type ContactKind = 'email' | 'mobile';
const purposeOf = (kind: ContactKind) => `${kind}_change`;

export type ContactResult =
  | { ok: true }
  | { ok: false; field: 'value' | 'code'; message: string }
  | { ok: false; field?: undefined; message: string };

const UNIQUE = { email: 'users_email_key', mobile: 'users_mobile_key' } as const;
const TAKEN = { email: 'An account already uses this email address.', mobile: 'An account already uses this mobile number.' } as const;

async function takenByOther(kind: ContactKind, userId: string, value: string) {
  const column = kind === 'email' ? users.emailNormalized : users.mobile;
  const [row] = await getDb()
    .select({ id: users.id })
    .from(users)
    .where(and(eq(column, kind === 'email' ? normalizeEmail(value) : value), ne(users.id, userId)));
  return !!row;
}

/**
 * Sends a one-time code to the new address or number. Nothing changes until
 * the code comes back. The caller has already checked re-authentication.
 */
export async function requestContactChange(kind: ContactKind, userId: string, value: string, now = clock.now()): Promise<ContactResult> {
  const db = getDb();
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) return { ok: false, message: 'Your account could not be found.' };
  const same = kind === 'email' ? normalizeEmail(value) === user.emailNormalized : value === user.mobile;
  if (same) return { ok: false, field: 'value', message: `That is already your ${kind === 'email' ? 'email address' : 'mobile number'}.` };
  if (await takenByOther(kind, userId, value)) return { ok: false, field: 'value', message: TAKEN[kind] };
  return db.transaction(async (tx) => {
    if (!(await consumeRateLimit(tx, `${purposeOf(kind)}:${userId}`, MAIL_POLICY, now))) {
      return { ok: false, message: 'You asked for several codes in a short time. Wait 15 minutes and try again.' } as const;
    }
    const code = await createCode(tx, { purpose: purposeOf(kind), target: value, userId }, now);
    if (kind === 'email') await mail.sendEmail({ to: value, userId, ...(await templates.confirmNewEmail(code)) }, tx);
    else await sms.sendSms({ to: value, userId, text: `Your Account Center code is ${code}. It expires in 10 minutes. Never share it.` }, tx);
    return { ok: true } as const;
  });
}

/** Switches to the new address or number once its code is confirmed; the old address is told. */
export async function confirmContactChange(kind: ContactKind, userId: string, code: string, now = clock.now()): Promise<ContactResult> {
  const db = getDb();
  try {
    return await db.transaction(async (tx) => {
      const check = await verifyCode(tx, { purpose: purposeOf(kind), userId, code }, now);
      if (!check.ok) {
        const message =
          check.reason === 'wrong' ? 'That code is not right. Check it and try again.' : check.reason === 'exhausted' ? 'Too many wrong codes. Ask for a new one.' : 'That code has expired. Ask for a new one.';
        return { ok: false, field: 'code', message } as const;
      }
      const [before] = await tx.select().from(users).where(eq(users.id, userId)).for('update');
      if (!before) return { ok: false, message: 'Your account could not be found.' } as const;
      const patch =
        kind === 'email'
          ? { email: check.target, emailNormalized: normalizeEmail(check.target), emailVerifiedAt: now, updatedAt: now }
          : { mobile: check.target, mobileVerifiedAt: now, updatedAt: now };
      await tx.update(users).set(patch).where(eq(users.id, userId));
      // Reset links went to the old address: they die with it.
      if (kind === 'email') await endResetLinks(tx, userId, now);
      await recordChange(tx, userId, kind, before[kind] ? 'changed' : 'set', now);
      await mail.sendEmail({ to: before.email, userId, ...(await templates.contactChanged(kind)) }, tx);
      return { ok: true } as const;
    });
  } catch (e) {
    // The unique index decides a race with another account taking the same value.
    const constraint = (e as { cause?: { constraint_name?: string } }).cause?.constraint_name;
    if (constraint === UNIQUE[kind]) return { ok: false, field: 'code', message: TAKEN[kind] };
    throw e;
  }
}

/** Removes the mobile number, and with it PIN sign-in. */
export async function removeMobile(userId: string, now = clock.now()) {
  await getDb().transaction(async (tx) => {
    const [before] = await tx.select().from(users).where(eq(users.id, userId)).for('update');
    if (!before?.mobile) return;
    await tx.update(users).set({ mobile: null, mobileVerifiedAt: null, pinHash: null, updatedAt: now }).where(eq(users.id, userId));
    await recordChange(tx, userId, 'mobile', 'removed', now);
    if (before.pinHash) await recordChange(tx, userId, 'pin', 'removed', now);
    await mail.sendEmail({ to: before.email, userId, ...(await templates.contactChanged('mobile-removed')) }, tx);
  });
}
