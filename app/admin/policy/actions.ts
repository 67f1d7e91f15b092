'use server';
import type { ActionResult } from '@/lib/result';
import { publishPolicy } from '@/server/policy/versions';
import { sessionActor } from '@/server/reports/session';

/** Admins only (server/policy/versions checks the role against the database and writes the audit entry). */
export async function publishPolicyAction(raw: unknown): Promise<ActionResult<{ id: number; version: string }>> {
  return publishPolicy(await sessionActor(), raw);
}
