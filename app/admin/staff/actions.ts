'use server';
import type { ActionResult } from '@/lib/result';
import { demoteStaff, promoteToStaff } from '@/server/reports/roles';
import { sessionActor } from '@/server/reports/session';

/** Staff roles: admins only (server/reports/roles checks the role against the database). */
export async function promoteAction(raw: unknown): Promise<ActionResult<{ userId: string; username: string }>> {
  return promoteToStaff(await sessionActor(), raw);
}

export async function demoteAction(raw: unknown): Promise<ActionResult<{ userId: string }>> {
  return demoteStaff(await sessionActor(), raw);
}
