'use client';
import { useState } from 'react';
import type { z } from 'zod';
import { changePasswordAction, changePinAction, removePinAction } from '@/app/(account)/account/security/actions';
import { useLazyActionForm } from '@/components/forms/use-lazy-action-form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { CheckboxField } from '@/components/ui/checkbox-field';
import { Field } from '@/components/ui/field';
import { PASSWORD_MIN, PIN_MAX, PIN_MIN } from '@/lib/policy';
// The schemas (zod) load when a form is first touched, not with /account/security (issue 13); every validation waits for them.
const secretSchemas = () => import('@/lib/validation/secrets');
type Secrets = typeof import('@/lib/validation/secrets');

type PasswordValues = z.input<Secrets['passwordChangeSchema']>;
type PinValues = z.input<Secrets['pinChangeSchema']>;

export function ChangePasswordForm() {
  const [done, setDone] = useState<string>();
  const { form, onSubmit, formError, errorOf, warm } = useLazyActionForm<PasswordValues, null>({
    schema: () => secretSchemas().then((m) => m.passwordChangeSchema),
    action: changePasswordAction,
    defaultValues: { currentPassword: '', password: '', signOutOthers: true },
    secrets: ['currentPassword', 'password'],
    onSuccess: () => {
      setDone(
        form.getValues('signOutOthers') === false
          ? 'Your password is changed. Your other devices stay signed in, and we emailed you about it.'
          : 'Your password is changed. Your other devices were signed out, and we emailed you about it.',
      );
      form.reset();
    },
  });
  return (
    <form method="post" onSubmit={onSubmit} {...warm} noValidate className="flex flex-col gap-4" aria-labelledby="password-title">
      <h3 id="password-title" className="font-semibold">
        Change your password
      </h3>
      {done && <Alert tone="success">{done}</Alert>}
      {formError && <Alert tone="error">{formError}</Alert>}
      <Field label="Current password" type="password" autoComplete="current-password" {...form.register('currentPassword')} error={errorOf('currentPassword')} />
      <Field label="New password" type="password" autoComplete="new-password" hint={`At least ${PASSWORD_MIN} characters. A few unrelated words work well.`} {...form.register('password')} error={errorOf('password')} />
      <CheckboxField label="Sign out of other devices" hint="Recommended if you think someone else may know your old password." {...form.register('signOutOthers')} />
      <div>
        <Button type="submit" disabled={form.formState.isSubmitting}>
          Change password
        </Button>
      </div>
    </form>
  );
}

export function PinForm({ hasPin, hasMobile, mobileConfirmed = true }: { hasPin: boolean; hasMobile: boolean; mobileConfirmed?: boolean }) {
  const [done, setDone] = useState<string>();
  const { form, onSubmit, formError, errorOf, warm } = useLazyActionForm<PinValues, null>({
    schema: () => secretSchemas().then((m) => m.pinChangeSchema),
    action: changePinAction,
    defaultValues: { currentPassword: '', pin: '' },
    secrets: ['currentPassword', 'pin'],
    onSuccess: () => {
      setDone(
        hasPin
          ? 'Your PIN is changed. Your other devices were signed out.'
          : mobileConfirmed
            ? 'Your PIN is set. You can now sign in with your mobile number and PIN.'
            : 'Your PIN is set. Confirm your mobile number with the code we text to it, then you can sign in with it and your PIN.',
      );
      form.reset();
    },
  });
  async function remove() {
    const currentPassword = form.getValues('currentPassword');
    const result = await removePinAction({ currentPassword });
    form.setValue('currentPassword', '');
    if (result.ok) {
      setDone('Your PIN is removed. You now sign in with your password.');
    } else if (result.fieldErrors?.currentPassword?.[0]) {
      form.setError('currentPassword', { type: 'server', message: result.fieldErrors.currentPassword[0] }, { shouldFocus: true });
    }
  }
  if (!hasMobile) {
    return (
      <div>
        <h3 className="font-semibold">Sign in with a PIN</h3>
        <p className="mt-1 text-slate-700">
          Add a mobile number in{' '}
          <a href="/account/profile" className="text-brand-700 underline underline-offset-2">
            your profile
          </a>{' '}
          first: you sign in with it and a PIN.
        </p>
      </div>
    );
  }
  return (
    <form method="post" onSubmit={onSubmit} {...warm} noValidate className="flex flex-col gap-4" aria-labelledby="pin-title">
      <h3 id="pin-title" className="font-semibold">
        {hasPin ? 'Change your PIN' : 'Set up a PIN'}
      </h3>
      {done && <Alert tone="success">{done}</Alert>}
      {formError && <Alert tone="error">{formError}</Alert>}
      <Field label="Current password" type="password" autoComplete="current-password" {...form.register('currentPassword')} error={errorOf('currentPassword')} />
      <Field
        label="New PIN"
        type="password"
        inputMode="numeric"
        autoComplete="new-password"
        hint={`${PIN_MIN} to ${PIN_MAX} digits. Avoid sequences like 123456 and repeats like 111111.`}
        {...form.register('pin')}
        error={errorOf('pin')}
      />
      <div className="flex flex-wrap gap-3">
        <Button type="submit" disabled={form.formState.isSubmitting}>
          {hasPin ? 'Change PIN' : 'Set PIN'}
        </Button>
        {hasPin && (
          <Button variant="secondary" onClick={() => void remove()}>
            Remove PIN (needs current password)
          </Button>
        )}
      </div>
    </form>
  );
}
