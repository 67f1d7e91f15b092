'use server';
import { contactConfirmSchema, contactRequestSchema } from '@/lib/validation/contact-change';
import { profileSchema, removeFieldSchema } from '@/lib/validation/profile';
import { confirmContactChange, contactChangeLimit, removeMobile, requestContactChange } from '@/server/account/contact';
import { pickFields, saveProfile, updateProfile, type ProfileData } from '@/server/account/profile';
import { STEP_UP } from '@/server/auth/reauth';
import { defineAction } from '@/server/core/action';
import { env } from '@/server/env';

export type SaveResult = { status: 'saved' | 'unchanged'; version: number; values: ProfileData } | { status: 'conflict'; version: number; current: ProfileData };

const saveResultOf = (outcome: Awaited<ReturnType<typeof updateProfile>>): SaveResult =>
  outcome.status === 'conflict'
    ? { status: 'conflict', version: outcome.current.version, current: pickFields(outcome.current) }
    : { status: outcome.status, version: outcome.profile.version, values: pickFields(outcome.profile) };

/** Saves the profile form for the signed-in customer only: the user id comes from the session, never from the form. */
export const saveProfileAction = defineAction({
  name: 'profile.save',
  refresh: true,
  input: profileSchema,
  auth: 'customer',
  run: async ({ input, actor, tx, now }) => saveResultOf(await saveProfile(tx, actor.userId, input, now)),
});

export const removeFieldAction = defineAction({
  name: 'profile.remove-field',
  refresh: true,
  input: removeFieldSchema,
  auth: 'customer',
  run: async ({ input, actor, tx, now }) => saveResultOf(await updateProfile(tx, actor.userId, input.version, { [input.field]: null }, undefined, now)),
});

/** Email and mobile changes need the password within 5 minutes (a PIN re-authentication does not count). */
const contactFresh = STEP_UP.contactChange;

export const requestContactChangeAction = defineAction({
  name: 'profile.contact.request',
  input: () => contactRequestSchema(env().DEFAULT_PHONE_REGION),
  auth: 'customer',
  fresh: contactFresh,
  rateLimit: { ...contactChangeLimit, key: ({ input, actor }) => actor && contactChangeLimit.key(input.kind, actor.userId) },
  run: async ({ input, actor, tx, now }) => requestContactChange(tx, input.kind, actor.userId, input.value, now),
});

export const confirmContactChangeAction = defineAction({
  name: 'profile.contact.confirm',
  refresh: true,
  input: contactConfirmSchema,
  auth: 'customer',
  fresh: contactFresh,
  run: async ({ input, session, tx, now }) =>
    confirmContactChange(tx, input.kind, session.user.id, input.code, now, { keepSessionId: session.session.id, signOutOthers: input.signOutOthers }),
});

export const removeMobileAction = defineAction({
  name: 'profile.contact.remove-mobile',
  refresh: true,
  auth: 'customer',
  fresh: contactFresh,
  run: async ({ actor, tx, now }) => {
    await removeMobile(tx, actor.userId, now);
    return null;
  },
});
