'use server';
import { z } from 'zod';
import type { StartResult } from '@/lib/reports';
import { fail, type ActionResult } from '@/lib/result';
import { fieldErrorsOf } from '@/lib/validation/auth';
import { passwordInputSchema } from '@/lib/validation/fields';
import { reauthenticate } from '@/server/auth/reauth';
import { clock } from '@/server/clock';
import { requestContext } from '@/server/request';
import { SIGN_IN_AGAIN } from '@/server/reports/common';
import { answerReport, confirmReportWithCode, confirmReportWithReauth, resendReportCode, startReport, withdrawReport } from '@/server/reports/customer';
import { sessionActor } from '@/server/core/session-actor';

/*
 * Inaccuracy reports, customer side. Each action takes its identity from the
 * checked session only (never from the form) and hands it to server/reports,
 * which decides whether the call is allowed.
 */

export async function startReportAction(raw: unknown): Promise<ActionResult<StartResult>> {
  return startReport(await sessionActor(), raw);
}

export async function confirmReportCodeAction(id: unknown, raw: unknown): Promise<ActionResult<{ id: number }>> {
  return confirmReportWithCode(await sessionActor(), id, raw);
}

/** The alternative to the emailed code: re-enter the password (this also opens the usual 5-minute re-auth window). */
export async function confirmReportPasswordAction(id: unknown, raw: unknown): Promise<ActionResult<{ id: number }>> {
  const actor = await sessionActor();
  if (!actor?.sessionId) return fail(SIGN_IN_AGAIN);
  const parsed = z.object({ secret: passwordInputSchema }).safeParse(raw);
  if (!parsed.success) return fail(undefined, fieldErrorsOf(parsed.error));
  const now = clock.now();
  const result = await reauthenticate(actor.sessionId, actor.userId, 'password', parsed.data.secret, await requestContext(), now);
  if (!result.ok) return result.reason === 'locked' ? fail('Too many attempts. Try again later.') : fail(undefined, { secret: ['That password is not right.'] });
  return confirmReportWithReauth({ ...actor, reauthenticatedAt: now }, id, now);
}

export async function resendReportCodeAction(id: unknown): Promise<ActionResult<{ sentTo: string }>> {
  return resendReportCode(await sessionActor(), id);
}

export async function withdrawReportAction(id: unknown): Promise<ActionResult<{ id: number; status: 'withdrawn' | 'deleted' }>> {
  return withdrawReport(await sessionActor(), id);
}

export async function answerReportAction(id: unknown, raw: unknown): Promise<ActionResult<{ id: number; status: string }>> {
  return answerReport(await sessionActor(), id, raw);
}
