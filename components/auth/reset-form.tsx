'use client';
import { hardNavigate } from '@/components/hard-navigate';
import { resetPassword, resetPin } from '@/app/(auth)/actions';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { useActionForm } from '@/components/forms/use-action-form';
import { PASSWORD_MIN, PIN_MAX, PIN_MIN } from '@/lib/policy';
import { resetPasswordSchema, resetPinSchema } from '@/lib/validation/auth';

const KINDS = {
  password: { schema: resetPasswordSchema, label: 'New password', hint: `At least ${PASSWORD_MIN} characters.`, numeric: false, noun: 'password' },
  pin: { schema: resetPinSchema, label: 'New PIN', hint: `${PIN_MIN} to ${PIN_MAX} digits, no sequences or repeats.`, numeric: true, noun: 'PIN' },
} as const;


/** Sets a new password or PIN through an emailed link; on success, back to sign-in. */
export function ResetSecretForm({ kind, token }: { kind: keyof typeof KINDS; token: string }) {
  const k = KINDS[kind];
  const field = kind === 'password' ? 'password' : 'pin';
  const { form, onSubmit, formError, errorOf } = useActionForm<{ token: string; password?: string; pin?: string }, null>({
    schema: k.schema,
    action: (v) => (kind === 'password' ? resetPassword({ token: v.token, password: v.password ?? '' }) : resetPin({ token: v.token, pin: v.pin ?? '' })),
    defaultValues: { token, [field]: '' },
    secrets: [field],
    onSuccess: () => hardNavigate('/sign-in?reason=reset'),
  });
  return (
    <form onSubmit={onSubmit} method="post" noValidate className="flex flex-col gap-4" aria-label={`Choose a new ${k.noun}`}>
      {formError && <Alert tone="error">{formError}</Alert>}
      <input type="hidden" {...form.register('token')} />
      <Field
        label={k.label}
        type="password"
        inputMode={k.numeric ? 'numeric' : undefined}
        autoComplete="new-password"
        hint={k.hint}
        {...form.register(field)}
        error={errorOf(field)}
      />
      <Button type="submit" disabled={form.formState.isSubmitting}>
        Set new {k.noun}
      </Button>
    </form>
  );
}
