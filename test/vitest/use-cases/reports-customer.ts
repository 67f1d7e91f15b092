/** server/reports/customer.ts as app/(account)/account/reports/actions.ts runs it (see README.md). */
import { answerSchema, codeSchema, reportRefSchema, reportSchema, withReportId } from '@/lib/validation/reports';
import type { Actor } from '@/server/core/actor';
import { env } from '@/server/env';
import * as customer from '@/server/reports/customer';
import { withInput } from '../../kit/use-case';

type Maybe = Actor | null;

export * from '@/server/reports/customer';
export const startReport = (actor: Maybe, raw: unknown, now?: Date) => withInput(reportSchema(env().DEFAULT_PHONE_REGION), raw, (tx, input) => customer.startReport(tx, actor, input, now));
export const confirmReportWithCode = (actor: Maybe, rawId: unknown, raw: unknown, now?: Date) =>
  withInput(withReportId(codeSchema), { ...(raw as object), id: rawId }, (tx, input) => customer.confirmReportWithCode(tx, actor, input.id, input, now), 'id');
export const confirmReportWithReauth = (actor: Maybe, rawId: unknown, now?: Date) => withInput(reportRefSchema, { id: rawId }, (tx, input) => customer.confirmReportWithReauth(tx, actor, input.id, now), 'id');
export const resendReportCode = (actor: Maybe, rawId: unknown, now?: Date) => withInput(reportRefSchema, { id: rawId }, (tx, input) => customer.resendReportCode(tx, actor, input.id, now), 'id');
export const withdrawReport = (actor: Maybe, rawId: unknown, now?: Date) => withInput(reportRefSchema, { id: rawId }, (tx, input) => customer.withdrawReport(tx, actor, input.id, now), 'id');
export const answerReport = (actor: Maybe, rawId: unknown, raw: unknown, now?: Date) =>
  withInput(withReportId(answerSchema), { ...(raw as object), id: rawId }, (tx, input) => customer.answerReport(tx, actor, input.id, input, now), 'id');
