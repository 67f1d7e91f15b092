'use client';
import { useState } from 'react';
import { reauthenticateAction } from '@/app/(auth)/reauth/actions';
import { useLazyActionForm } from '@/components/forms/use-lazy-action-form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import type { SecondStepChoice } from '@/lib/two-factor';

/*
 * Confirming it is you, the form: pages show it inline (contact changes,
 * Download your data, account deletion) or in the dialog of reauth.tsx. Which
 * secret is enough is the server's decision (server/auth/reauth.ts); `allowPin`
 * only offers the PIN where the server accepts it. Its schema (zod) loads when
 * the form is first focused or touched; every validation waits for it.
 */

type Reauthenticated = { until: string; secondStep: SecondStepChoice | null };

/** `onDone` hears which second step the server still wants (staff with a second factor), or null when the window is open. */
export function ReauthForm({ allowPin = false, onDone, onCancel, intro = true }: { allowPin?: boolean; onDone: (r: Reauthenticated) => void; onCancel: () => void; intro?: boolean }) {
  const [method, setMethod] = useState<'password' | 'pin'>('password');
  const { form, onSubmit, formError, errorOf, warm } = useLazyActionForm<{ secret: string }, Reauthenticated>({
    schema: () => import('@/lib/validation/secrets').then((m) => m.reauthSecretSchema),
    action: (v) => reauthenticateAction({ method, secret: v.secret }),
    defaultValues: { secret: '' },
    secrets: ['secret'],
    onSuccess: onDone,
  });
  return (
    <form method="post" onSubmit={onSubmit} {...warm} noValidate className="flex flex-col gap-3" aria-label="Confirm it is you">
      {intro && <p className="text-slate-700">For your security, confirm it is you. This lasts 5 minutes.</p>}
      {formError && <Alert tone="error">{formError}</Alert>}
      <Field
        label={method === 'pin' ? 'Your PIN' : 'Your password'}
        type="password"
        autoComplete="current-password"
        inputMode={method === 'pin' ? 'numeric' : undefined}
        {...form.register('secret')}
        error={errorOf('secret')}
      />
      <div className="flex flex-wrap gap-3">
        <Button type="submit" disabled={form.formState.isSubmitting}>
          Confirm
        </Button>
        {allowPin && (
          <Button variant="secondary" onClick={() => setMethod(method === 'pin' ? 'password' : 'pin')}>
            Use my {method === 'pin' ? 'password' : 'PIN'} instead
          </Button>
        )}
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
