/** server/auth/accounts.ts's account creation with its refusals in words beside their fields, as the sign-up form shows them (see README.md). */
import { getDb } from '@/db/client';
import type { Reason } from '@/lib/messages';
import * as accounts from '@/server/auth/accounts';
import { toFailure } from '@/server/core/refusal';
import type { Tail } from '../../kit/use-case';

type Worded<R> = R extends { ok: false; reasons: Reason[] } ? { ok: false; fieldErrors: Record<string, string[]> } : R;
function worded<R extends { ok: boolean }>(r: R): Worded<R> {
  if (!('reasons' in r)) return r as Worded<R>;
  const { fieldErrors } = toFailure(r.reasons as Reason[]) as { fieldErrors: Record<string, string[]> };
  return { ok: false, fieldErrors } as Worded<R>;
}

export * from '@/server/auth/accounts';
export const createAccount = async (...args: Tail<Parameters<typeof accounts.createAccount>>) => worded(await accounts.createAccount(getDb(), ...args));
export const signUpAccount = async (...args: Parameters<typeof accounts.signUpAccount>) => worded(await accounts.signUpAccount(...args));
