'use server';
import { contactSchema, tokenRefSchema, tokenReplySchema } from '@/lib/validation/contact';
import { confirmContact, submitContact } from '@/server/contact/submit';
import { closeByLink, replyByLink } from '@/server/contact/visitor';
import { defineAction } from '@/server/core/action';
import { IP_POLICY } from '@/server/auth/throttle';
import { ipKey, throttleKeys } from '@/server/auth/throttle-keys';

/*
 * The contact form and the pages behind its emailed links. Public: a signed-in
 * customer is recognised from the session (never from the form); behind a
 * link the token is the only proof. server/contact decides everything else.
 */

export const submitContactAction = defineAction({
  name: 'contact.submit',
  input: contactSchema,
  auth: 'public',
  run: ({ input, actor, tx, request, now }) => submitContact(tx, actor, input, request, now),
});

/** Guessing links is hopeless (32 random bytes), and this makes it slow too. */
const linkLimit = { policy: IP_POLICY, key: ({ request }: { request: { ip: string | null } }) => ipKey(throttleKeys.contactLinkIp, request.ip) };

export const confirmContactAction = defineAction({
  name: 'contact.confirm',
  input: tokenRefSchema,
  auth: 'public',
  rateLimit: linkLimit,
  run: ({ input, tx, now }) => confirmContact(tx, input, now),
});

export const replyByLinkAction = defineAction({
  name: 'contact.reply-by-link',
  input: tokenReplySchema,
  auth: 'public',
  rateLimit: linkLimit,
  run: ({ input, tx, now }) => replyByLink(tx, input, now),
});

export const closeByLinkAction = defineAction({
  name: 'contact.close-by-link',
  input: tokenRefSchema,
  auth: 'public',
  rateLimit: linkLimit,
  run: ({ input, tx, now }) => closeByLink(tx, input, now),
});
