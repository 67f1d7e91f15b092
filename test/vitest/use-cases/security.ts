/** server/account/security.ts as app/(account)/account/security/actions.ts runs it, each in one transaction; changeSecret's refusal in words, field and sentence, as the page shows it (see README.md). */
import { getDb, type Database } from '@/db/client';
import { messageFor } from '@/lib/messages';
import * as security from '@/server/account/security';
import { settleUseCase } from '@/server/core/refusal';
import type { Tail } from '../../kit/use-case';

export * from '@/server/account/security';
export async function changeSecret(...args: Tail<Parameters<typeof security.changeSecret>>) {
  const r = await settleUseCase(getDb(), (tx) => security.changeSecret(tx, ...args));
  return r.ok ? { ok: true as const } : { ok: false as const, field: r.reasons[0]!.field, message: messageFor(r.reasons[0]!) };
}
/** The old call shape (a database handle first): the action's one transaction. */
export const reportNotMe = (db: Database, ...args: Tail<Parameters<typeof security.reportNotMe>>) => db.transaction((tx) => security.reportNotMe(tx, ...args));
