import 'server-only';
import type { DbOrTx } from '@/db/client';
import { staffFrom, type Actor } from '../reports/common';

export const ADMINS_ONLY = 'Only administrators can do this.';

/** The actor as an administrator, checked against the users row (active, role admin), or null. */
export async function adminFrom(db: DbOrTx, actor: Actor | null) {
  const staff = await staffFrom(db, actor);
  return staff?.role === 'admin' ? staff : null;
}
