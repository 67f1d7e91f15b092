'use server';
import { demoteSchema, promoteSchema } from '@/lib/validation/reports';
import { STEP_UP } from '@/server/auth/reauth';
import { defineAction } from '@/server/core/action';
import { demoteStaff, promoteToStaff } from '@/server/admin/staff-roles';

/*
 * Staff roles: admins only, with a password re-authentication in the last 5
 * minutes. server/admin/staff-roles checks both again against the database (and
 * its tests prove it there); the page asks for the password and retries.
 */

export const promoteAction = defineAction({
  name: 'staff.promote',
  refresh: true,
  input: promoteSchema,
  auth: 'admin',
  fresh: STEP_UP.staffPower,
  run: async ({ input, actor, tx, now }) => promoteToStaff(tx, actor, input, now),
});

export const demoteAction = defineAction({
  name: 'staff.demote',
  refresh: 'always',
  input: demoteSchema,
  auth: 'admin',
  fresh: STEP_UP.staffPower,
  run: async ({ input, actor, tx, now }) => demoteStaff(tx, actor, input, now),
});
