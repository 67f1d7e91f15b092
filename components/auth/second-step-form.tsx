'use client';
import { Link } from '@/components/ui/link';
import { useState } from 'react';
import { z } from 'zod';
import { completeSecondStepAction, requestTwoStepResetAction, secondStepPasskeyOptionsAction } from '@/app/(auth)/actions';
import { askForPasskey } from '@/components/auth/passkey-client';
import { useActionForm } from '@/components/forms/use-action-form';
import { hardNavigate } from '@/components/hard-navigate';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { recoveryCodeSchema, totpCodeSchema } from '@/lib/validation/two-factor';

const go = ({ redirectTo }: { redirectTo: string }) => hardNavigate(redirectTo);
const totpForm = z.object({ code: totpCodeSchema });
const recoveryForm = z.object({ code: recoveryCodeSchema });

function CodeForm({ kind, next }: { kind: 'totp' | 'recovery_code'; next?: string }) {
  const isTotp = kind === 'totp';
  const { form, onSubmit, formError, errorOf } = useActionForm<{ code: string }, { redirectTo: string }>({
    schema: isTotp ? totpForm : recoveryForm,
    action: (v) => completeSecondStepAction({ proof: { kind, code: v.code }, next }),
    defaultValues: { code: '' },
    secrets: ['code'],
    onSuccess: go,
  });
  return (
    <form onSubmit={onSubmit} method="post" noValidate className="flex flex-col gap-4" aria-label={isTotp ? 'Code from your authenticator app' : 'Recovery code'}>
      {formError && <Alert tone="error">{formError}</Alert>}
      {isTotp ? (
        <Field label="6-digit code" inputMode="numeric" autoComplete="one-time-code" hint="Open your authenticator app and enter the code it shows for Account Center." {...form.register('code')} error={errorOf('code')} />
      ) : (
        <Field label="Recovery code" autoComplete="off" autoCapitalize="none" spellCheck={false} hint="One of the 10 codes you saved, like 4k7mp-x2q9r. Each works once." {...form.register('code')} error={errorOf('code')} />
      )}
      <Button type="submit" disabled={form.formState.isSubmitting}>
        {form.formState.isSubmitting ? 'Checking…' : 'Continue'}
      </Button>
    </form>
  );
}

function PasskeyStep({ next }: { next?: string }) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  async function run() {
    setBusy(true);
    setError(undefined);
    try {
      const options = await secondStepPasskeyOptionsAction();
      if (!options.ok) return setError(options.formError);
      const answer = await askForPasskey(options.data);
      if (!answer.ok) return setError(answer.message);
      const result = await completeSecondStepAction({ proof: { kind: 'passkey', response: answer.response }, next });
      if (result.ok) return go(result.data);
      setError(result.formError);
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="flex flex-col gap-3">
      {error && <Alert tone="error">{error}</Alert>}
      <Button onClick={run} disabled={busy}>
        {busy ? 'Waiting for your passkey…' : 'Use a passkey'}
      </Button>
    </div>
  );
}

function LostAccess() {
  const [state, setState] = useState<'idle' | 'sending' | 'sent' | string>('idle');
  async function send() {
    setState('sending');
    const result = await requestTwoStepResetAction();
    setState(result.ok ? 'sent' : (result.formError ?? 'error'));
  }
  return (
    <details className="rounded-md border border-slate-200 p-3">
      <summary className="cursor-pointer font-medium">Lost your authenticator app, passkeys and recovery codes?</summary>
      <div className="mt-3 flex flex-col gap-3">
        <p className="text-slate-700">We can email you a link that turns two-step sign-in off and signs out every device. Staff accounts must then set it up again.</p>
        {state === 'sent' ? (
          <Alert tone="success">If this sign-in is still open, we sent a link to your account’s email address. It works once, for 30 minutes.</Alert>
        ) : (
          <>
            {state !== 'idle' && state !== 'sending' && <Alert tone="error">{state}</Alert>}
            <Button variant="secondary" onClick={send} disabled={state === 'sending'}>
              Email me a link
            </Button>
          </>
        )}
      </div>
    </details>
  );
}

/** The choices of the second step: the account's own methods only. */
export function SecondStepForm({ totp, passkey, recoveryCode, next }: { totp: boolean; passkey: boolean; recoveryCode: boolean; next?: string }) {
  const [useRecovery, setUseRecovery] = useState(!totp && !passkey);
  return (
    <div className="flex flex-col gap-6">
      {passkey && !useRecovery && <PasskeyStep next={next} />}
      {totp && !useRecovery && <CodeForm kind="totp" next={next} />}
      {useRecovery && <CodeForm kind="recovery_code" next={next} />}
      {recoveryCode && (totp || passkey) && (
        <Button variant="link" className="self-start" onClick={() => setUseRecovery(!useRecovery)}>
          {useRecovery ? 'Use your app or passkey instead' : 'Use a recovery code instead'}
        </Button>
      )}
      <LostAccess />
      <Link href="/sign-in" className="text-brand-700 underline underline-offset-2">
        Start signing in again
      </Link>
    </div>
  );
}
