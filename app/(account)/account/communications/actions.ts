'use server';
import { setTopicSchema } from '@/lib/validation/consent';
import { resendConfirmation, setTopic, unsubscribeAll } from '@/server/consent/preferences';
import { defineAction, settled } from '@/server/core/action';

/*
 * The preference center's actions. The user is always the checked session's
 * (never anything the browser sends); server/consent/preferences checks the
 * input again and records each change in the consent ledger.
 */

export const setTopicAction = defineAction({
  name: 'consent.set-topic',
  input: setTopicSchema,
  auth: 'customer',
  run: async ({ input, actor, request, now }) => settled(await setTopic(actor, input, request, now)),
});

export const unsubscribeAllAction = defineAction({
  name: 'consent.unsubscribe-all',
  auth: 'customer',
  run: async ({ actor, request, now }) => settled(await unsubscribeAll(actor, request, now)),
});

export const resendConfirmationAction = defineAction({
  name: 'consent.resend-confirmation',
  auth: 'customer',
  run: async ({ actor, now }) => settled(await resendConfirmation(actor, now)),
});
