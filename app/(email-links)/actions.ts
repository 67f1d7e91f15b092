'use server';
import { redirect } from 'next/navigation';
import { linkFormSchema } from '@/lib/validation/verification';
import { confirmSubscription } from '@/server/consent/double-opt-in';
import { unsubscribeWithToken } from '@/server/consent/unsubscribe';
import { defineFormAction } from '@/server/core/action';

/*
 * The buttons of the pages behind emailed links. Opening a link (GET) changes
 * nothing, so mail scanners that follow links cannot act for anyone; these
 * POSTs do, with the token as the only proof (no session needed).
 */

export const unsubscribeAction = defineFormAction({
  name: 'consent.unsubscribe-by-link',
  input: linkFormSchema,
  auth: 'public',
  run: async ({ input, tx, request, now }) => {
    const result = await unsubscribeWithToken(tx, input.token, 'email_link', request, now);
    redirect(result.ok ? `/unsubscribe?token=${encodeURIComponent(input.token)}&done=1` : '/unsubscribe?result=invalid');
  },
});

export const confirmSubscriptionAction = defineFormAction({
  name: 'consent.confirm-by-link',
  input: linkFormSchema,
  auth: 'public',
  run: async ({ input, tx, request, now }) => {
    const result = await confirmSubscription(tx, input.token, request, now);
    redirect(`/confirm-subscription?result=${result.ok ? 'confirmed' : 'invalid'}`);
  },
});
