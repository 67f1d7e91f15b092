/** server/admin/staff-roles.ts as app/admin/staff/actions.ts runs it (see README.md). */
import { demoteSchema, promoteSchema } from '@/lib/validation/reports';
import * as roles from '@/server/admin/staff-roles';
import type { Actor } from '@/server/core/actor';
import { withInput } from '../../kit/use-case';

export * from '@/server/admin/staff-roles';
export const promoteToStaff = (actor: Actor | null, raw: unknown, now?: Date) => withInput(promoteSchema, raw, (tx, input) => roles.promoteToStaff(tx, actor, input, now));
export const demoteStaff = (actor: Actor | null, raw: unknown, now?: Date) => withInput(demoteSchema, raw, (tx, input) => roles.demoteStaff(tx, actor, input, now));
