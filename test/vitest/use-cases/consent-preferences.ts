/** server/consent/preferences.ts as app/(account)/account/communications/actions.ts runs it (see README.md). */
import { setTopicSchema } from '@/lib/validation/consent';
import * as preferences from '@/server/consent/preferences';
import type { ConsentActor } from '@/server/consent/preferences';
import type { RequestContext } from '@/server/request';
import { attemptResult, withInput } from '../../kit/use-case';

type Ctx = Pick<RequestContext, 'ip' | 'userAgent'>;

export * from '@/server/consent/preferences';
export const setTopic = (actor: ConsentActor, raw: unknown, ctx: Ctx, now?: Date) => withInput(setTopicSchema, raw, (tx, input) => preferences.setTopic(tx, actor, input, ctx, now), ['topic', 'subscribed']);
export const unsubscribeAll = (actor: ConsentActor, ctx: Ctx, now?: Date) => attemptResult((tx) => preferences.unsubscribeAll(tx, actor, ctx, now));
export const resendConfirmation = (actor: ConsentActor, now?: Date) => attemptResult((tx) => preferences.resendConfirmation(tx, actor, now));
