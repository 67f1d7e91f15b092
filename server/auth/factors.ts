import 'server-only';
import { and, asc, count, eq, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx, Tx } from '@/db/client';
import { passkeys, recoveryCodes, sessions, totpCredentials, users } from '@/db/schema';
import type { TwoFactorView } from '@/lib/security-types';
import { clock } from '../clock';
import { mail, type EmailMessage } from '../mail/transport';
import { twoFactorTemplates, type FactorKind } from '../mail/two-factor-templates';
import { issueRecoveryCodes, recoveryCodesLeft } from './recovery-codes';
import type { SessionRow } from './sessions';
import type { Bindable } from '@/db/prepared';

/**
 * SQL: whether the account has a second factor in use (a confirmed authenticator
 * app or a passkey). `userId` must be unambiguous inside the subqueries: a
 * parameter, or the table-qualified column (`usersIdColumn`), never a bare `"id"`
 * (which would name the passkey's own id).
 */
export const usersIdColumn = sql`"users"."id"`;
export const hasSecondFactorSql = (userId: SQL) =>
  sql<boolean>`(exists (select 1 from ${totpCredentials} t where t.user_id = ${userId} and t.confirmed_at is not null) or exists (select 1 from ${passkeys} p where p.user_id = ${userId}))`;

export async function hasSecondFactor(db: DbOrTx, userId: string): Promise<boolean> {
  const [row] = await db.select({ on: hasSecondFactorSql(sql`${userId}::uuid`) }).from(sql`(select 1) one`);
  return !!row?.on;
}

/**
 * Whether a session's sign-in proved two factors: a second step, or a passkey on
 * its own (a passkey is possession plus the device's own PIN or biometric).
 */
export const isMultiFactorSession = (s: Pick<SessionRow, 'authMethod' | 'secondFactor'>) => !!s.secondFactor || s.authMethod === 'passkey';

/** Everything the security page shows about two-step sign-in. Never a secret. */
export async function twoFactorView(db: DbOrTx, userId: string): Promise<TwoFactorView> {
  const q = twoFactorQueries(db, userId);
  const [totp, keys, left] = await Promise.all([q.totp, q.passkeys, q.recoveryCodes]);
  return twoFactorViewFrom({ totp, passkeys: keys, recoveryCodes: left });
}

/** The reads behind `twoFactorView`, to run on their own or inside one statement (db/read-together.ts). */
export const twoFactorQueries = (db: DbOrTx, userId: Bindable<string>) => ({
  totp: db.select({ confirmedAt: totpCredentials.confirmedAt, lastUsedAt: totpCredentials.lastUsedAt }).from(totpCredentials).where(and(eq(totpCredentials.userId, userId), isNotNull(totpCredentials.confirmedAt))),
  passkeys: db
    .select({ id: passkeys.id, name: passkeys.name, createdAt: passkeys.createdAt, lastUsedAt: passkeys.lastUsedAt, deviceType: passkeys.deviceType })
    .from(passkeys)
    .where(eq(passkeys.userId, userId))
    .orderBy(asc(passkeys.createdAt)),
  recoveryCodes: db.select({ n: count() }).from(recoveryCodes).where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt))),
});

type TwoFactorRows = { [K in keyof ReturnType<typeof twoFactorQueries>]: Awaited<ReturnType<typeof twoFactorQueries>[K]> };

export function twoFactorViewFrom({ totp: [totp], passkeys: keys, recoveryCodes: [codes] }: TwoFactorRows): TwoFactorView {
  const left = codes?.n ?? 0;
  return {
    totp: totp ? { addedAt: totp.confirmedAt!.toISOString(), lastUsedAt: totp.lastUsedAt?.toISOString() ?? null } : null,
    passkeys: keys.map((k) => ({ id: k.id, name: k.name, addedAt: k.createdAt.toISOString(), lastUsedAt: k.lastUsedAt?.toISOString() ?? null, synced: k.deviceType === 'multiDevice' })),
    recoveryCodesLeft: left,
  };
}

async function emailOf(tx: DbOrTx, userId: string) {
  const [u] = await tx.select({ email: users.email }).from(users).where(eq(users.id, userId));
  return u?.email ?? null;
}

async function securityMail(tx: DbOrTx, userId: string, rendered: Omit<EmailMessage, 'to' | 'userId'>) {
  const to = await emailOf(tx, userId);
  if (to) await mail.sendEmail({ to, userId, ...rendered }, tx);
}

/**
 * After a factor was added and proved: the security email, recovery codes when
 * this is the account's first factor (returned once), and the current session
 * counts as two-step (its holder signed in and just proved the new factor).
 */
export async function afterFactorAdded(tx: Tx, userId: string, sessionId: string | undefined, kind: Exclude<FactorKind, 'recovery_codes'>, name?: string, now = clock.now()) {
  const [{ n } = { n: 0 }] = await tx.select({ n: sql<number>`count(*)::int` }).from(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  const codes = n === 0 ? await issueRecoveryCodes(tx, userId, now) : null;
  if (sessionId) await tx.update(sessions).set({ secondFactor: kind, factorReauthenticatedAt: now }).where(and(eq(sessions.id, sessionId), isNull(sessions.secondFactor)));
  await securityMail(tx, userId, await twoFactorTemplates.factorAdded(kind, name));
  return { recoveryCodes: codes };
}

/** After a factor was removed: the email; with no factor left, the recovery codes go too (they would be a second step to nothing). */
export async function afterFactorRemoved(tx: Tx, userId: string, kind: Exclude<FactorKind, 'recovery_codes'>, name?: string) {
  const stillOn = await hasSecondFactor(tx, userId);
  if (!stillOn) await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await securityMail(tx, userId, await twoFactorTemplates.factorRemoved(kind, name, stillOn));
  return { stillOn };
}

export async function mailRecoveryCodeUsed(tx: Tx, userId: string) {
  await securityMail(tx, userId, await twoFactorTemplates.recoveryCodeUsed(await recoveryCodesLeft(tx, userId)));
}

export async function mailRecoveryCodesRegenerated(tx: Tx, userId: string) {
  await securityMail(tx, userId, await twoFactorTemplates.factorAdded('recovery_codes'));
}

export { securityMail };
