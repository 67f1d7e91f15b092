'use server';
import { conversationRefSchema, convertSchema, helpSchema, staffNoteSchema, staffReplySchema } from '@/lib/validation/contact';
import { addStaffNote, claimConversation, claimNextConversation, closeAsStaff, convertToReport, releaseConversation, replyAsStaff, sendHelp } from '@/server/contact/staff';
import { defineAction } from '@/server/core/action';
import { env } from '@/server/env';

/*
 * The staff inbox. The pipeline checks the session's role; server/contact
 * checks it again against the users row, checks the claim, and writes the
 * audit entry in the same transaction.
 */

export const claimMessageAction = defineAction({
  name: 'contact.claim',
  refresh: 'always',
  input: conversationRefSchema,
  auth: 'staff',
  run: ({ input, actor, tx, now }) => claimConversation(tx, actor, input, now),
});

export const claimNextMessageAction = defineAction({
  name: 'contact.claim-next',
  refresh: 'always',
  auth: 'staff',
  run: ({ actor, tx, now }) => claimNextConversation(tx, actor, now),
});

export const releaseMessageAction = defineAction({
  name: 'contact.release',
  refresh: 'always',
  input: conversationRefSchema,
  auth: 'staff',
  run: ({ input, actor, tx, now }) => releaseConversation(tx, actor, input, now),
});

export const replyToMessageAction = defineAction({
  name: 'contact.staff-reply',
  refresh: 'always',
  input: staffReplySchema,
  auth: 'staff',
  run: ({ input, actor, tx, now }) => replyAsStaff(tx, actor, input, now),
});

export const sendHelpAction = defineAction({
  name: 'contact.help',
  refresh: 'always',
  input: helpSchema,
  auth: 'staff',
  run: ({ input, actor, tx, now }) => sendHelp(tx, actor, input, now),
});

export const addMessageNoteAction = defineAction({
  name: 'contact.note',
  refresh: 'always',
  input: staffNoteSchema,
  auth: 'staff',
  run: ({ input, actor, tx, now }) => addStaffNote(tx, actor, input, now),
});

export const closeMessageAction = defineAction({
  name: 'contact.staff-close',
  refresh: 'always',
  input: conversationRefSchema,
  auth: 'staff',
  run: ({ input, actor, tx, now }) => closeAsStaff(tx, actor, input, now),
});

export const convertMessageAction = defineAction({
  name: 'contact.convert',
  refresh: 'always',
  input: () => convertSchema(env().DEFAULT_PHONE_REGION),
  auth: 'staff',
  run: ({ input, actor, tx, now }) => convertToReport(tx, actor, input, now),
});
