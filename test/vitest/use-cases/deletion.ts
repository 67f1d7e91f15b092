/** server/privacy/deletion.ts as app/(account)/account/privacy/delete/actions.ts and app/(deletion)/actions.ts run it (see README.md). */
import { deleteAccountSchema } from '@/lib/validation/deletion';
import * as deletion from '@/server/privacy/deletion';
import type { DeletionActor } from '@/server/privacy/deletion';
import type { RequestContext } from '@/server/request';
import { attemptResult, withInput } from '../../kit/use-case';

export * from '@/server/privacy/deletion';
export const scheduleDeletion = (actor: DeletionActor | null, raw: unknown, ctx: RequestContext, now?: Date) => withInput(deleteAccountSchema, raw, (tx, input) => deletion.scheduleDeletion(tx, actor, input, ctx, now));
export const keepAccount = (actor: DeletionActor | null, ctx: RequestContext, now?: Date) => attemptResult((tx) => deletion.keepAccount(tx, actor, ctx, now));
/** The link's token as the form posts it (linkFormSchema keeps any string). */
export const cancelDeletionByToken = (token: unknown, ctx: RequestContext, now?: Date) => attemptResult((tx) => deletion.cancelDeletionByToken(tx, token, ctx, now));
