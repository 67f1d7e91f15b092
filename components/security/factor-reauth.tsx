'use client';
import { useState } from 'react';
import { reauthenticateFactorAction, reauthPasskeyOptionsAction } from '@/app/(account)/account/security/two-factor-actions';
import { askForPasskey } from '@/components/auth/passkey-client';
import { useLazyActionForm } from '@/components/forms/use-lazy-action-form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
// The schemas (zod) load when a form is first touched, not with the page (issue 13); every validation waits for them.
const twoFactorSchemas = () => import('@/lib/validation/two-factor');


/** Staff re-authentication, second half: a code from the app or a passkey, after the password. */
export function FactorReauth({ totp, passkey, onDone, onCancel }: { totp: boolean; passkey: boolean; onDone: () => void; onCancel: () => void }) {
  const [error, setError] = useState<string>();
  const { form, onSubmit, formError, errorOf, warm } = useLazyActionForm<{ code: string }, null>({
    schema: () => twoFactorSchemas().then((m) => m.totpConfirmSchema),
    action: (v) => reauthenticateFactorAction({ proof: { kind: 'totp', code: v.code } }),
    defaultValues: { code: '' },
    secrets: ['code'],
    onSuccess: onDone,
  });
  async function withPasskey() {
    setError(undefined);
    const options = await reauthPasskeyOptionsAction();
    if (!options.ok) return setError(options.formError);
    const answer = await askForPasskey(options.data);
    if (!answer.ok) return setError(answer.message);
    const r = await reauthenticateFactorAction({ proof: { kind: 'passkey', response: answer.response } });
    if (r.ok) onDone();
    else setError(r.formError);
  }
  return (
    <div className="flex flex-col gap-3" role="group" aria-label="Confirm your second step">
      <p className="text-slate-700">Staff accounts confirm their second step too. This lasts 5 minutes.</p>
      {error && <Alert tone="error">{error}</Alert>}
      {totp && (
        <form onSubmit={onSubmit} {...warm} method="post" noValidate className="flex flex-col gap-3" aria-label="Code from your authenticator app">
          {formError && <Alert tone="error">{formError}</Alert>}
          <Field label="6-digit code" inputMode="numeric" autoComplete="one-time-code" autoFocus {...form.register('code')} error={errorOf('code')} />
          <Button type="submit" className="self-start" disabled={form.formState.isSubmitting}>
            Confirm
          </Button>
        </form>
      )}
      <div className="flex flex-wrap gap-3">
        {passkey && (
          <Button variant="secondary" onClick={withPasskey}>
            Use a passkey
          </Button>
        )}
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </div>
  );
}
