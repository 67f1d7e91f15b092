'use server';
import { setTopicSchema } from '@/lib/validation/consent';
import { resendConfirmation, setTopic, unsubscribeAll } from '@/server/consent/preferences';
import { defineAction } from '@/server/core/action';

/*
 * The preference center's actions. The user is always the checked session's
 * (never anything the browser sends); server/consent/preferences checks the
 * input again and records each change in the consent ledger.
 */

export const setTopicAction = defineAction({
  name: 'consent.set-topic',
  input: setTopicSchema,
  auth: 'customer',
  // Only a tampered request names a mandatory or unknown topic: said above the switches, as the page shows it.
  ref: ['topic', 'subscribed'],
  run: async ({ input, actor, tx, request, now }) => setTopic(tx, actor, input, request, now),
});

export const unsubscribeAllAction = defineAction({
  name: 'consent.unsubscribe-all',
  auth: 'customer',
  run: async ({ actor, tx, request, now }) => unsubscribeAll(tx, actor, request, now),
});

export const resendConfirmationAction = defineAction({
  name: 'consent.resend-confirmation',
  auth: 'customer',
  run: async ({ actor, tx, now }) => resendConfirmation(tx, actor, now),
});
