'use client';
import { useState } from 'react';
import { recoverWithCodeAction, requestRecoveryCodeAction } from '@/app/(auth)/recover-by-mobile/actions';
import { hardNavigate } from '@/components/hard-navigate';
import { useActionForm } from '@/components/forms/use-action-form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { messageFor } from '@/lib/messages';
import { PASSWORD_MIN } from '@/lib/policy';
import { recoverWithCodeSchema, recoveryRequestSchema, type RecoverWithCodeInput } from '@/lib/validation/verification';

/** Step 1: the mobile number. Every number gets the same answer, so nothing here says whether an account has it. */
function NumberStep({ region, onSent }: { region: string; onSent: (mobile: string) => void }) {
  const { form, onSubmit, formError, errorOf } = useActionForm<{ mobile: string }, null>({
    schema: recoveryRequestSchema(region),
    action: requestRecoveryCodeAction,
    defaultValues: { mobile: '' },
    onSuccess: () => onSent(form.getValues('mobile')),
  });
  return (
    <form method="post" onSubmit={onSubmit} noValidate className="flex flex-col gap-4" aria-label="Text me a code">
      {formError && <Alert tone="error">{formError}</Alert>}
      <Field label="Mobile number" type="tel" autoComplete="tel" hint="The confirmed number of your account, in any format, e.g. +44 7700 900123" {...form.register('mobile')} error={errorOf('mobile')} />
      <Button type="submit" disabled={form.formState.isSubmitting}>
        Text me a code
      </Button>
    </form>
  );
}

/** Step 2: the code and the new password, together, so a refused password does not cost the code. */
function CodeStep({ region, mobile, onAgain }: { region: string; mobile: string; onAgain: () => void }) {
  const { form, onSubmit, formError, errorOf } = useActionForm<RecoverWithCodeInput, null>({
    schema: recoverWithCodeSchema(region),
    action: recoverWithCodeAction,
    defaultValues: { mobile, code: '', password: '' },
    secrets: ['password'],
    onSuccess: () => hardNavigate('/sign-in?reason=reset'),
  });
  return (
    <form method="post" onSubmit={onSubmit} noValidate className="flex flex-col gap-4" aria-label="Choose a new password">
      <Alert tone="info">{messageFor({ code: 'recovery_code_sent' })}</Alert>
      {formError && <Alert tone="error">{formError}</Alert>}
      <input type="hidden" {...form.register('mobile')} />
      <Field label="Code from the text message" autoComplete="one-time-code" autoCapitalize="characters" {...form.register('code')} error={errorOf('code')} />
      <Field label="New password" type="password" autoComplete="new-password" hint={`At least ${PASSWORD_MIN} characters. A few unrelated words work well.`} {...form.register('password')} error={errorOf('password')} />
      <div className="flex flex-wrap gap-3">
        <Button type="submit" disabled={form.formState.isSubmitting}>
          Set new password
        </Button>
        <Button variant="secondary" onClick={onAgain}>
          Use another number or get a new code
        </Button>
      </div>
    </form>
  );
}

export function MobileRecoveryForm({ region }: { region: string }) {
  const [mobile, setMobile] = useState<string>();
  return mobile ? <CodeStep region={region} mobile={mobile} onAgain={() => setMobile(undefined)} /> : <NumberStep region={region} onSent={setMobile} />;
}
