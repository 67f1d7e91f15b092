'use server';
import { z } from 'zod';
import { passwordInputSchema } from '@/lib/validation/fields';
import { answerSchema, codeSchema, reportRefSchema, reportSchema, withReportId } from '@/lib/validation/reports';
import { reauthenticate } from '@/server/auth/reauth';
import { defineAction, refuse } from '@/server/core/action';
import type { Actor } from '@/server/core/actor';
import { env } from '@/server/env';
import { answerReport, confirmReportWithCode, confirmReportWithReauth, resendReportCode, startReport, withdrawReport } from '@/server/reports/customer';

/*
 * Inaccuracy reports, customer side. Each action takes its identity from the
 * checked session only (never from the form) and hands it to server/reports,
 * which decides whether the call is allowed.
 */

export const startReportAction = defineAction({
  name: 'report.start',
  input: () => reportSchema(env().DEFAULT_PHONE_REGION),
  auth: 'customer',
  run: async ({ input, actor, tx, now }) => startReport(tx, actor, input, now),
});

export const confirmReportCodeAction = defineAction({
  name: 'report.confirm-code',
  input: withReportId(codeSchema),
  auth: 'customer',
  ref: 'id',
  refresh: true,
  run: async ({ input, actor, tx, now }) => confirmReportWithCode(tx, actor, input.id, input, now),
});

const reauthenticatedAt = (actor: Actor, at: Date): Actor => ({ ...actor, reauthenticatedAt: at });

/** The alternative to the emailed code: re-enter the password (this also opens the usual 5-minute re-auth window). */
export const confirmReportPasswordAction = defineAction({
  name: 'report.confirm-password',
  input: withReportId(z.object({ secret: passwordInputSchema })),
  auth: 'customer',
  ref: 'id',
  refresh: true,
  run: async ({ input, actor, session, tx, request, now }) => {
    const result = await reauthenticate(session.session.id, actor.userId, 'password', input.secret, request, now);
    // refuse(), not throw: the throttle's count of the wrong password must stay.
    if (!result.ok) return refuse(result.reason === 'locked' ? { code: 'too_many_attempts' } : { code: 'wrong_password', field: 'secret' });
    return confirmReportWithReauth(tx, reauthenticatedAt(actor, now), input.id, now);
  },
});

export const resendReportCodeAction = defineAction({
  name: 'report.resend-code',
  input: reportRefSchema,
  auth: 'customer',
  ref: 'id',
  run: async ({ input, actor, tx, now }) => resendReportCode(tx, actor, input.id, now),
});

export const withdrawReportAction = defineAction({
  name: 'report.withdraw',
  input: reportRefSchema,
  auth: 'customer',
  ref: 'id',
  refresh: true,
  run: async ({ input, actor, tx, now }) => withdrawReport(tx, actor, input.id, now),
});

export const answerReportAction = defineAction({
  name: 'report.answer',
  input: withReportId(answerSchema),
  auth: 'customer',
  ref: 'id',
  refresh: true,
  run: async ({ input, actor, tx, now }) => answerReport(tx, actor, input.id, input, now),
});
