'use server';
import { policySchema } from '@/lib/validation/policy';
import { STEP_UP } from '@/server/auth/reauth';
import { defineAction } from '@/server/core/action';
import { publishPolicy } from '@/server/policy/versions';

/** Admins only, with a password re-authentication in the last 5 minutes (server/policy/versions checks both again and writes the audit entry). */
export const publishPolicyAction = defineAction({
  name: 'policy.publish',
  refresh: true,
  input: policySchema,
  auth: 'admin',
  fresh: STEP_UP.staffPower,
  run: async ({ input, actor, tx, now }) => publishPolicy(tx, actor, input, now),
});
