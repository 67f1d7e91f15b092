import 'server-only';
import { randomInt } from 'node:crypto';
import { and, count, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { recoveryCodes } from '@/db/schema';
import { RECOVERY_CODE_COUNT } from '@/lib/two-factor';
import { clock } from '../clock';
import { pepperHmac } from '../pepper';

// No look-alikes (0/o, 1/l/i): 10 characters of 31 ≈ 49 bits each, far beyond guessing under the throttle.
const ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';

export const normalizeRecoveryCode = (code: string) => code.toLowerCase().replace(/[\s-]/g, '');
const hashOf = (userId: string, code: string) => pepperHmac(`recovery:${userId}:${normalizeRecoveryCode(code)}`);

function newCode() {
  const raw = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return `${raw.slice(0, 5)}-${raw.slice(5)}`;
}

/** Replaces every recovery code of the account with 10 new ones; the codes are returned once and only their keyed hashes are kept. */
export async function issueRecoveryCodes(db: DbOrTx, userId: string, now = clock.now()): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newCode);
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await db.insert(recoveryCodes).values(codes.map((c) => ({ userId, codeHash: hashOf(userId, c), createdAt: now })));
  return codes;
}

/** Uses a code if it is one of the account's unused codes (atomically: a code works once, even in parallel). */
export async function spendRecoveryCode(db: DbOrTx, userId: string, code: string, now = clock.now()): Promise<boolean> {
  const normalized = normalizeRecoveryCode(code);
  if (!/^[a-z0-9]{10}$/.test(normalized)) return false;
  const used = await db
    .update(recoveryCodes)
    .set({ usedAt: now })
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, hashOf(userId, normalized)), isNull(recoveryCodes.usedAt)))
    .returning({ id: recoveryCodes.id });
  return used.length === 1;
}

export async function recoveryCodesLeft(db: DbOrTx, userId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(recoveryCodes).where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return row?.n ?? 0;
}
