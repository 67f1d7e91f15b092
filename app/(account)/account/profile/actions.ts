'use server';
import { z } from 'zod';
import { NEEDS_REAUTH } from '@/lib/reauth';
import { fail, ok, type ActionResult } from '@/lib/result';
import { fieldErrorsOf } from '@/lib/validation/auth';
import { emailSchema, mobileSchema, passwordInputSchema, pinInputSchema, text } from '@/lib/validation/fields';
import { profileSchema, removeFieldSchema } from '@/lib/validation/profile';
import { confirmContactChange, removeMobile, requestContactChange, type ContactKind } from '@/server/account/contact';
import { pickFields, saveProfile, updateProfile, type ProfileData } from '@/server/account/profile';
import { requireUser } from '@/server/auth/current';
import { defineAction } from '@/server/core/action';
import { isRecentlyReauthenticated, reauthenticate } from '@/server/auth/reauth';
import { env } from '@/server/env';
import { requestContext } from '@/server/request';

export type SaveResult = { status: 'saved' | 'unchanged'; version: number; values: ProfileData } | { status: 'conflict'; version: number; current: ProfileData };

const saveResultOf = (outcome: Awaited<ReturnType<typeof updateProfile>>): SaveResult =>
  outcome.status === 'conflict'
    ? { status: 'conflict', version: outcome.current.version, current: pickFields(outcome.current) }
    : { status: outcome.status, version: outcome.profile.version, values: pickFields(outcome.profile) };

/** Saves the profile form for the signed-in customer only: the user id comes from the session, never from the form. */
export const saveProfileAction = defineAction({
  name: 'profile.save',
  input: profileSchema,
  auth: 'customer',
  run: async ({ input, actor }) => saveResultOf(await saveProfile(actor.userId, input)),
});

export const removeFieldAction = defineAction({
  name: 'profile.remove-field',
  input: removeFieldSchema,
  auth: 'customer',
  run: async ({ input, actor }) => saveResultOf(await updateProfile(actor.userId, input.version, { [input.field]: null })),
});

const reauthSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('password'), secret: passwordInputSchema }),
  z.object({ method: z.literal('pin'), secret: pinInputSchema }),
]);

/** Re-entering the password or PIN opens a 5-minute window for email and mobile changes. */
export async function reauthenticateAction(raw: unknown): Promise<ActionResult<{ until: string }>> {
  const { user, session } = await requireUser();
  const parsed = reauthSchema.safeParse(raw);
  if (!parsed.success) return fail(undefined, fieldErrorsOf(parsed.error));
  const result = await reauthenticate(session.id, user.id, parsed.data.method, parsed.data.secret, await requestContext());
  if (result.ok) return ok({ until: new Date(Date.now() + 5 * 60_000).toISOString() });
  if (result.reason === 'locked') return fail('Too many attempts. Try again later.');
  return fail(undefined, { secret: [parsed.data.method === 'pin' ? 'That PIN is not right.' : 'That password is not right.'] });
}

const kindSchema = z.enum(['email', 'mobile']);

export async function requestContactChangeAction(kind: unknown, raw: unknown): Promise<ActionResult<null>> {
  const { user, session } = await requireUser();
  const k = kindSchema.safeParse(kind);
  if (!k.success) return fail('Unknown request.');
  if (!isRecentlyReauthenticated(session)) return fail(NEEDS_REAUTH);
  const schema = z.object({ value: k.data === 'email' ? emailSchema : mobileSchema(env().DEFAULT_PHONE_REGION) });
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return fail(undefined, fieldErrorsOf(parsed.error));
  const result = await requestContactChange(k.data, user.id, parsed.data.value);
  if (result.ok) return ok(null);
  return result.field ? fail(undefined, { [result.field]: [result.message] }) : fail(result.message);
}

export async function confirmContactChangeAction(kind: unknown, raw: unknown): Promise<ActionResult<null>> {
  const { user, session } = await requireUser();
  const k = kindSchema.safeParse(kind);
  if (!k.success) return fail('Unknown request.');
  if (!isRecentlyReauthenticated(session)) return fail(NEEDS_REAUTH);
  const parsed = z.object({ code: text('the code').trim().min(1, 'Enter the code').max(32, 'Codes are 8 characters') }).safeParse(raw);
  if (!parsed.success) return fail(undefined, fieldErrorsOf(parsed.error));
  const result = await confirmContactChange(k.data as ContactKind, user.id, parsed.data.code);
  if (result.ok) return ok(null);
  return result.field ? fail(undefined, { [result.field]: [result.message] }) : fail(result.message);
}

export async function removeMobileAction(): Promise<ActionResult<null>> {
  const { user, session } = await requireUser();
  if (!isRecentlyReauthenticated(session)) return fail(NEEDS_REAUTH);
  await removeMobile(user.id);
  return ok(null);
}
