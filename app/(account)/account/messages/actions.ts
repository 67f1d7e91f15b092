'use server';
import { conversationRefSchema, customerReplySchema } from '@/lib/validation/contact';
import { closeAsCustomer, replyAsCustomer } from '@/server/contact/customer';
import { defineAction } from '@/server/core/action';

/* A signed-in customer's own conversations: the identity comes from the session; server/contact checks the owner. */

export const replyToConversationAction = defineAction({
  name: 'contact.customer-reply',
  input: customerReplySchema,
  auth: 'customer',
  run: ({ input, actor, tx, now }) => replyAsCustomer(tx, actor, input, now),
});

export const closeConversationAction = defineAction({
  name: 'contact.customer-close',
  refresh: true,
  input: conversationRefSchema,
  auth: 'customer',
  run: ({ input, actor, tx, now }) => closeAsCustomer(tx, actor, input, now),
});
