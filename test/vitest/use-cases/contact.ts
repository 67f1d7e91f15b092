/**
 * server/account/contact.ts as app/(account)/account/profile/actions.ts runs it (see README.md): one
 * transaction each, the code-request limit counted first in a transaction of its own (the action's
 * `rateLimit`), answered in the shape the tests have always asserted: `{ ok: true }` or the first reason.
 */
import { getDb, type Tx } from '@/db/client';
import type { Reason } from '@/lib/messages';
import * as contact from '@/server/account/contact';
import { consumeRateLimit } from '@/server/auth/throttle';
import { clock } from '@/server/clock';
import { settleUseCase, type Refusal } from '@/server/core/refusal';
import { inTransaction, type Tail } from '../../kit/use-case';

export type ContactResult = { ok: true } | { ok: false; reason: Reason };

async function settle(run: (tx: Tx) => Promise<null | Refusal>): Promise<ContactResult> {
  const r = await settleUseCase(getDb(), run);
  return r.ok ? { ok: true } : { ok: false, reason: r.reasons[0]! };
}

export * from '@/server/account/contact';
export async function requestContactChange(kind: contact.ContactKind, userId: string, value: string, now = clock.now()): Promise<ContactResult> {
  const { policy, key, code } = contact.contactChangeLimit;
  if (!(await getDb().transaction((tx) => consumeRateLimit(tx, key(kind, userId), policy, now)))) return { ok: false, reason: { code } };
  return settle((tx) => contact.requestContactChange(tx, kind, userId, value, now));
}
export const confirmContactChange = (...args: Tail<Parameters<typeof contact.confirmContactChange>>) => settle((tx) => contact.confirmContactChange(tx, ...args));
export const removeMobile = inTransaction(contact.removeMobile);
