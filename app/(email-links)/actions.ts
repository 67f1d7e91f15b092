'use server';
import { redirect } from 'next/navigation';
import { confirmSubscription } from '@/server/consent/double-opt-in';
import { unsubscribeWithToken } from '@/server/consent/unsubscribe';
import { requestContext } from '@/server/request';

/*
 * The buttons of the pages behind emailed links. Opening a link (GET) changes
 * nothing, so mail scanners that follow links cannot act for anyone; these
 * POSTs do, with the token as the only proof (no session needed).
 */

export async function unsubscribeAction(formData: FormData) {
  const token = formData.get('token');
  const result = await unsubscribeWithToken(token, 'email_link', await requestContext());
  redirect(result.ok ? `/unsubscribe?token=${encodeURIComponent(String(token))}&done=1` : '/unsubscribe?result=invalid');
}

export async function confirmSubscriptionAction(formData: FormData) {
  const token = formData.get('token');
  const result = typeof token === 'string' ? await confirmSubscription(token, await requestContext()) : { ok: false };
  redirect(`/confirm-subscription?result=${result.ok ? 'confirmed' : 'invalid'}`);
}
