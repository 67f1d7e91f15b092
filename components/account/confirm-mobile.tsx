'use client';
import { useState } from 'react';
import { confirmMobileAction, sendMobileCodeAction } from '@/app/(account)/account/verification-actions';
import { useLazyActionForm } from '@/components/forms/use-lazy-action-form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { messageFor } from '@/lib/messages';

/**
 * Confirms the account's mobile number with a code texted to it: PIN sign-in
 * waits for it. Sign-up texts the first code; "Text me a new code" sends another.
 */
export function ConfirmMobile({ mobile, confirmed, variant }: { mobile: string; confirmed: boolean; variant: 'card' | 'inline' }) {
  const [sent, setSent] = useState<string>();
  const [sendError, setSendError] = useState<string>();
  const [sending, setSending] = useState(false);
  const [done, setDone] = useState(false);
  // The code's schema (zod) loads when the form is first touched: /account's first load carries no zod (issue 13).
  const { form, onSubmit, formError, errorOf, warm } = useLazyActionForm<{ code: string }, null>({
    schema: () => import('@/lib/validation/verification').then((m) => m.codeSchema),
    action: confirmMobileAction,
    defaultValues: { code: '' },
    onSuccess: () => setDone(true),
  });

  async function sendCode() {
    setSending(true);
    setSendError(undefined);
    setSent(undefined);
    const r = await sendMobileCodeAction().catch(() => ({ ok: false as const, formError: messageFor({ code: 'unreachable' }) }));
    setSending(false);
    if (r.ok) setSent(messageFor({ code: 'mobile_code_sent', params: { mobile } }));
    else setSendError(r.formError);
  }

  // Rendered whatever the state, so the confirmation stays on screen after the page refreshes behind it.
  if (confirmed && !done) return null;
  const body = done ? (
    <Alert tone="success">{messageFor({ code: 'mobile_confirmed' })}</Alert>
  ) : (
    <>
      <p className="text-slate-700">{messageFor({ code: 'mobile_unconfirmed', params: { mobile } })}</p>
      {sent && <Alert tone="info">{sent}</Alert>}
      {sendError && <Alert tone="error">{sendError}</Alert>}
      <form method="post" onSubmit={onSubmit} {...warm} noValidate className="flex flex-col gap-3" aria-label="Confirm your mobile number">
        {formError && <Alert tone="error">{formError}</Alert>}
        <Field label="Code from the text message" autoComplete="one-time-code" autoCapitalize="characters" {...form.register('code')} error={errorOf('code')} />
        <div className="flex flex-wrap gap-3">
          <Button type="submit" disabled={form.formState.isSubmitting}>
            Confirm number
          </Button>
          <Button variant="secondary" onClick={() => void sendCode()} disabled={sending}>
            Text me a new code
          </Button>
        </div>
      </form>
    </>
  );
  if (variant === 'inline') {
    return (
      <div className="flex flex-col gap-3">
        <h3 className="font-semibold">Confirm your mobile number</h3>
        {body}
      </div>
    );
  }
  return (
    <section aria-labelledby="confirm-mobile" className="flex flex-col gap-3 rounded-xl border border-slate-200 bg-white p-4 sm:p-6">
      <h2 id="confirm-mobile" className="text-lg font-semibold">
        Confirm your mobile number
      </h2>
      {body}
    </section>
  );
}
