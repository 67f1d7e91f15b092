import 'server-only';
import { eq } from 'drizzle-orm';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import type { DbOrTx, Tx } from '@/db/client';
import { totpCredentials } from '@/db/schema';
import { TOTP_DRIFT_SECONDS, TOTP_ISSUER, TOTP_PERIOD_SECONDS } from '@/lib/two-factor';
import { clock } from '../clock';
import { open, seal } from './secret-box';

export type TotpCheck = 'ok' | 'wrong' | 'replayed';

const CODE = /^\d{6}$/;

/** Codes as people type them: spaces and dashes are ignored ("123 456"). */
export const normalizeTotpCode = (code: string) => code.replace(/[\s-]/g, '');

/**
 * Starts (or restarts) setting up an authenticator app: a new random secret,
 * stored encrypted and unconfirmed. Returns what the person needs to add it:
 * the otpauth:// URI as a QR code (SVG) and the secret as text.
 */
export async function beginTotpSetup(db: DbOrTx, userId: string, label: string, now = clock.now()) {
  const secret = generateSecret({ length: 20 });
  const secretEncrypted = seal(secret, userId);
  await db
    .insert(totpCredentials)
    .values({ userId, secretEncrypted, createdAt: now })
    .onConflictDoUpdate({ target: totpCredentials.userId, set: { secretEncrypted, confirmedAt: null, lastUsedStep: null, lastUsedAt: null, createdAt: now } });
  const uri = generateURI({ issuer: TOTP_ISSUER, label, secret, period: TOTP_PERIOD_SECONDS, digits: 6, algorithm: 'sha1' });
  const qrSvg = await QRCode.toString(uri, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
  return { secret, uri, qrSvg };
}

/**
 * Checks a code against the account's app secret, within one step of clock
 * drift, and remembers the step it matched: a code is accepted once, and no
 * code of that step or an earlier one is accepted again (RFC 6238 §5.2).
 * `confirmed`: whether the app must already be in use (sign-in) or still be
 * waiting for its first code (setup). Locks the row: parallel tries of one code see each other.
 */
export async function checkTotp(tx: Tx, userId: string, code: string, confirmed: boolean, now = clock.now()): Promise<TotpCheck> {
  const [row] = await tx.select().from(totpCredentials).where(eq(totpCredentials.userId, userId)).for('update');
  const token = normalizeTotpCode(code);
  if (!row || !!row.confirmedAt !== confirmed || !CODE.test(token)) return 'wrong';
  const secret = open(row.secretEncrypted, userId);
  const result = await verify({ secret, token, epoch: Math.floor(now.getTime() / 1000), period: TOTP_PERIOD_SECONDS, epochTolerance: TOTP_DRIFT_SECONDS });
  // otplib's result type covers HOTP too; a TOTP verify always reports the time step it matched.
  if (!result.valid || !('timeStep' in result)) return 'wrong';
  if (row.lastUsedStep !== null && result.timeStep <= row.lastUsedStep) return 'replayed';
  await tx
    .update(totpCredentials)
    .set({ lastUsedStep: result.timeStep, lastUsedAt: now, ...(confirmed ? {} : { confirmedAt: now }) })
    .where(eq(totpCredentials.userId, userId));
  return 'ok';
}

export async function removeTotp(db: DbOrTx, userId: string) {
  const removed = await db.delete(totpCredentials).where(eq(totpCredentials.userId, userId)).returning({ userId: totpCredentials.userId });
  return removed.length === 1;
}
