'use server';
import type { PreferencesView } from '@/lib/consent-view';
import type { ActionResult } from '@/lib/result';
import { currentSession } from '@/server/auth/current';
import { resendConfirmation, setTopic, unsubscribeAll, type ConsentActor } from '@/server/consent/preferences';
import { requestContext } from '@/server/request';

/*
 * The preference center's actions. The user is always the checked session's
 * (never anything the browser sends); server/consent/preferences refuses
 * without one and validates the input.
 */

async function actor(): Promise<ConsentActor> {
  const s = await currentSession();
  return s.state === 'active' ? { userId: s.user.id } : null;
}

export async function setTopicAction(raw: unknown): Promise<ActionResult<PreferencesView>> {
  return setTopic(await actor(), raw, await requestContext());
}

export async function unsubscribeAllAction(): Promise<ActionResult<PreferencesView>> {
  return unsubscribeAll(await actor(), await requestContext());
}

export async function resendConfirmationAction(): Promise<ActionResult<{ sentTo: string }>> {
  return resendConfirmation(await actor());
}
