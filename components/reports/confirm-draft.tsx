'use client';
import { useEffect, useState } from 'react';
import { z } from 'zod';
import { confirmReportCodeAction, confirmReportPasswordAction, resendReportCodeAction } from '@/app/(account)/account/reports/actions';
import { useActionForm } from '@/components/forms/use-action-form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { codeSchema } from '@/lib/validation/reports';
import { text } from '@/lib/validation/fields';

const passwordSchema = z.object({ secret: text('your password').min(1, 'Enter your password') });

function PasswordForm({ reportId, onDone }: { reportId: number; onDone: () => void }) {
  const { form, onSubmit, formError, errorOf } = useActionForm<{ secret: string }, { id: number }>({
    schema: passwordSchema,
    action: (v) => confirmReportPasswordAction({ ...v, id: reportId }),
    defaultValues: { secret: '' },
    secrets: ['secret'],
    onSuccess: onDone,
  });
  return (
    <form method="post" onSubmit={onSubmit} noValidate className="flex flex-col gap-3" aria-label="Confirm with your password">
      {formError && <Alert tone="error">{formError}</Alert>}
      <Field label="Your password" type="password" autoComplete="current-password" {...form.register('secret')} error={errorOf('secret')} />
      <div>
        <Button type="submit" disabled={form.formState.isSubmitting}>
          {form.formState.isSubmitting ? 'Checking…' : 'Confirm report'}
        </Button>
      </div>
    </form>
  );
}

function CodeForm({ reportId, onDone, focus }: { reportId: number; onDone: () => void; focus: boolean }) {
  const { form, onSubmit, formError, errorOf } = useActionForm<{ code: string }, { id: number }>({
    schema: codeSchema,
    action: (v) => confirmReportCodeAction({ ...v, id: reportId }),
    defaultValues: { code: '' },
    secrets: ['code'],
    onSuccess: onDone,
  });
  // Right after the report form is sent, the code field is where the customer continues (keyboard and screen reader users included).
  useEffect(() => {
    if (focus) form.setFocus('code');
  }, [focus, form]);
  return (
    <form method="post" onSubmit={onSubmit} noValidate className="flex flex-col gap-3" aria-label="Enter the code">
      {formError && <Alert tone="error">{formError}</Alert>}
      <Field label="Code" autoComplete="one-time-code" autoCapitalize="characters" spellCheck={false} hint="8 letters and numbers, from the email." {...form.register('code')} error={errorOf('code')} />
      <div>
        <Button type="submit" disabled={form.formState.isSubmitting}>
          {form.formState.isSubmitting ? 'Checking…' : 'Confirm report'}
        </Button>
      </div>
    </form>
  );
}

/**
 * The second step of raising a report: prove it is you, with the code we
 * emailed or by re-entering your password. Until then staff never see it.
 */
export function ConfirmDraft({ reportId, method, sentTo, onDone, focus = false }: { reportId: number; method: 'code' | 'password'; sentTo?: string; onDone: () => void; focus?: boolean }) {
  const [usePassword, setUsePassword] = useState(method === 'password');
  const [notice, setNotice] = useState<{ tone: 'success' | 'error'; text: string }>();
  const [sending, setSending] = useState(false);

  async function resend() {
    setSending(true);
    try {
      const r = await resendReportCodeAction({ id: reportId });
      setNotice(r.ok ? { tone: 'success', text: `We sent a new code to ${r.data.sentTo}. Earlier codes no longer work.` } : { tone: 'error', text: r.formError ?? 'Could not send a new code.' });
    } finally {
      setSending(false);
    }
  }

  return (
    <section aria-labelledby="confirm-heading" className="flex flex-col gap-4 rounded-xl border border-slate-200 bg-white p-4 sm:p-6">
      <h2 id="confirm-heading" className="text-lg font-semibold">
        Confirm it is you
      </h2>
      {usePassword ? (
        <p className="text-slate-700">
          {method === 'password' ? 'Your email address is not confirmed yet, so confirm this report with your password. ' : ''}Report #{reportId} goes to our staff once you confirm it.
          Unconfirmed reports are deleted after 24 hours.
        </p>
      ) : (
        <Alert tone="info">
          We sent a code to <span className="font-medium">{sentTo ?? 'your email address'}</span>. Enter it to send report #{reportId} to our staff. The code expires in 10 minutes;
          unconfirmed reports are deleted after 24 hours.
        </Alert>
      )}
      {notice && <Alert tone={notice.tone}>{notice.text}</Alert>}
      {usePassword ? <PasswordForm reportId={reportId} onDone={onDone} /> : <CodeForm reportId={reportId} onDone={onDone} focus={focus} />}
      <div className="flex flex-wrap gap-3">
        {!usePassword && (
          <Button variant="secondary" onClick={resend} disabled={sending}>
            Send a new code
          </Button>
        )}
        {method === 'code' && (
          <Button variant="secondary" onClick={() => setUsePassword(!usePassword)}>
            {usePassword ? 'Use the emailed code instead' : 'Use my password instead'}
          </Button>
        )}
      </div>
    </section>
  );
}
