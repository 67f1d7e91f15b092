/** server/policy/versions.ts as app/admin/policy/actions.ts and app/(account)/account/actions.ts run it (see README.md). */
import { policyRefSchema, policySchema } from '@/lib/validation/policy';
import type { Actor } from '@/server/core/actor';
import * as policy from '@/server/policy/versions';
import type { RequestContext } from '@/server/request';
import { withInput } from '../../kit/use-case';

export * from '@/server/policy/versions';
export const publishPolicy = (actor: Actor | null, raw: unknown, now?: Date, opts?: { batchSize?: number }) => withInput(policySchema, raw, (tx, input) => policy.publishPolicy(tx, actor, input, now, opts));
export const acknowledgePolicy = (actor: Actor | null, rawId: unknown, ctx: Pick<RequestContext, 'ip' | 'userAgent'>, now?: Date) =>
  withInput(policyRefSchema, { id: rawId }, (tx, input) => policy.acknowledgePolicy(tx, actor, input.id, ctx, now), 'id');
