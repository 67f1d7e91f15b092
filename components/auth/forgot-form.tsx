'use client';
import { useState } from 'react';
import { forgot } from '@/app/(auth)/actions';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { useActionForm } from '@/components/forms/use-action-form';
import { messageFor } from '@/lib/messages';
import { forgotSchema } from '@/lib/validation/auth';

export function ForgotForm({ kind }: { kind: 'password' | 'pin' }) {
  const [sent, setSent] = useState(false);
  const { form, onSubmit, formError, errorOf } = useActionForm<{ identifier: string }, null>({
    schema: forgotSchema,
    action: (v) => forgot({ ...v, kind }),
    defaultValues: { identifier: '' },
    onSuccess: () => setSent(true),
  });
  if (sent) {
    return (
      <Alert tone="success">{messageFor({ code: kind === 'pin' ? 'reset_link_sent_pin' : 'reset_link_sent_password' })}</Alert>
    );
  }
  return (
    <form method="post" onSubmit={onSubmit} noValidate className="flex flex-col gap-4" aria-label={`Reset your ${kind === 'pin' ? 'PIN' : 'password'}`}>
      {formError && <Alert tone="error">{formError}</Alert>}
      <Field label={kind === 'pin' ? 'Mobile number, email or username' : 'Username or email'} autoComplete="username" {...form.register('identifier')} error={errorOf('identifier')} />
      <Button type="submit" disabled={form.formState.isSubmitting}>
        Send reset link
      </Button>
    </form>
  );
}
