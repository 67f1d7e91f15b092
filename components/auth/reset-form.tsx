'use client';
import { resetPassword, resetPin } from '@/app/(auth)/actions';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { useActionForm } from '@/components/forms/use-action-form';
import { PASSWORD_MIN, PIN_MAX, PIN_MIN } from '@/lib/policy';
import { resetPasswordSchema, resetPinSchema } from '@/lib/validation/auth';

const done = () => window.location.assign('/sign-in?reason=reset');

export function ResetPasswordForm({ token }: { token: string }) {
  const { form, onSubmit, formError, errorOf } = useActionForm<{ token: string; password: string }, null>({
    schema: resetPasswordSchema,
    action: resetPassword,
    defaultValues: { token, password: '' },
    secrets: ['password'],
    onSuccess: done,
  });
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4" aria-label="Choose a new password">
      {formError && <Alert tone="error">{formError}</Alert>}
      <input type="hidden" {...form.register('token')} />
      <Field label="New password" type="password" autoComplete="new-password" hint={`At least ${PASSWORD_MIN} characters.`} {...form.register('password')} error={errorOf('password')} />
      <Button type="submit" disabled={form.formState.isSubmitting}>
        Set new password
      </Button>
    </form>
  );
}

export function ResetPinForm({ token }: { token: string }) {
  const { form, onSubmit, formError, errorOf } = useActionForm<{ token: string; pin: string }, null>({
    schema: resetPinSchema,
    action: resetPin,
    defaultValues: { token, pin: '' },
    secrets: ['pin'],
    onSuccess: done,
  });
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4" aria-label="Choose a new PIN">
      {formError && <Alert tone="error">{formError}</Alert>}
      <input type="hidden" {...form.register('token')} />
      <Field label="New PIN" type="password" inputMode="numeric" autoComplete="new-password" hint={`${PIN_MIN} to ${PIN_MAX} digits, no sequences or repeats.`} {...form.register('pin')} error={errorOf('pin')} />
      <Button type="submit" disabled={form.formState.isSubmitting}>
        Set new PIN
      </Button>
    </form>
  );
}
