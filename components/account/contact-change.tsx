'use client';
import { useState } from 'react';
import type { z } from 'zod';
import { confirmContactChangeAction, removeMobileAction, requestContactChangeAction } from '@/app/(account)/account/profile/actions';
import { ReauthForm } from '@/components/account/reauth-form';
import { useLazyActionForm } from '@/components/forms/use-lazy-action-form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import type { ActionResult } from '@/lib/result';
import { CheckboxField } from '@/components/ui/checkbox-field';
import { Field } from '@/components/ui/field';
import { FormActions } from '@/components/ui/form-actions';
import { DisputedBadge } from '@/components/reports/badges';
import { NEEDS_REAUTH, needsReauth } from '@/lib/reauth';
import type { contactCodeSchema } from '@/lib/validation/contact-change';

/** The schemas (zod, and libphonenumber-js for mobiles) load when a form is first focused or touched; every validation waits for them. */
const schemas = () => import('@/lib/validation/contact-change');

type Kind = 'email' | 'mobile';
type Step = 'idle' | 'reauth' | 'enter' | 'code' | 'done';

/** Runs an email or mobile action; if the re-authentication window has closed meanwhile, asks for it again. */
async function orReauth<T>(pending: Promise<ActionResult<T>>, onReauth: () => void) {
  const r = await pending;
  if (needsReauth(r)) onReauth();
  return r;
}

function EnterValue({ kind, region, onSent, onCancel, onReauth }: { kind: Kind; region: string; onSent: (value: string) => void; onCancel: () => void; onReauth: () => void }) {
  const { form, onSubmit, formError, errorOf, warm } = useLazyActionForm<{ value: string }, null>({
    schema: () => schemas().then((m) => m.newContactSchema(kind, region)),
    action: (v) => orReauth(requestContactChangeAction({ kind, value: v.value }), onReauth),
    defaultValues: { value: '' },
    onSuccess: () => onSent(form.getValues('value')),
  });
  return (
    <form method="post" onSubmit={onSubmit} {...warm} noValidate className="flex flex-col gap-3" aria-label={kind === 'email' ? 'New email address' : 'New mobile number'}>
      {formError && <Alert tone="error">{formError}</Alert>}
      <Field
        label={kind === 'email' ? 'New email address' : 'New mobile number'}
        type={kind === 'email' ? 'email' : 'tel'}
        autoComplete={kind === 'email' ? 'email' : 'tel'}
        hint={kind === 'email' ? 'We will send a code to it.' : 'Any format, e.g. +44 7700 900123. We will text a code to it.'}
        {...form.register('value')}
        error={errorOf('value')}
      />
      <FormActions submitLabel="Send code" submitting={form.formState.isSubmitting} onCancel={onCancel} />
    </form>
  );
}

function EnterCode({ kind, sentTo, onDone, onCancel, onReauth }: { kind: Kind; sentTo: string; onDone: (othersSignedOut: boolean) => void; onCancel: () => void; onReauth: () => void }) {
  const { form, onSubmit, formError, errorOf, warm } = useLazyActionForm<z.input<typeof contactCodeSchema>, null>({
    schema: () => schemas().then((m) => m.contactCodeSchema),
    action: (v) => orReauth(confirmContactChangeAction({ kind, code: v.code, signOutOthers: kind === 'email' ? v.signOutOthers !== false : undefined }), onReauth),
    defaultValues: { code: '', signOutOthers: true },
    onSuccess: () => onDone(kind === 'email' && form.getValues('signOutOthers') !== false),
  });
  return (
    <form method="post" onSubmit={onSubmit} {...warm} noValidate className="flex flex-col gap-3" aria-label="Enter the code">
      <Alert tone="info">
        We sent a code to <span className="font-medium">{sentTo}</span>. It expires in 10 minutes.
      </Alert>
      {formError && <Alert tone="error">{formError}</Alert>}
      <Field label="Code" autoComplete="one-time-code" {...form.register('code')} error={errorOf('code')} />
      {kind === 'email' && <CheckboxField label="Sign out of other devices" hint="Recommended if you think someone else may be signed in to your account." {...form.register('signOutOthers')} />}
      <FormActions submitLabel="Confirm change" submitting={form.formState.isSubmitting} onCancel={onCancel} />
    </form>
  );
}

/**
 * Changing the email or mobile: confirm it is you with the password (a PIN is
 * not enough here), then a code to the new address proves it before anything
 * switches. An email change signs out the other devices unless unticked.
 */
export function ContactChange(props: { kind: Kind; current: string | null; verified: boolean; hasPin: boolean; reauthFresh: boolean; region: string; disputed?: boolean }) {
  const { kind, current, verified, hasPin } = props;
  const [step, setStep] = useState<Step>('idle');
  const [fresh, setFresh] = useState(props.reauthFresh);
  const [sentTo, setSentTo] = useState('');
  const [error, setError] = useState<string>();
  // What confirming it is you leads to: the change form, or finishing the removal the customer already confirmed.
  const [afterReauth, setAfterReauth] = useState<'enter' | 'remove'>('enter');
  const [removed, setRemoved] = useState<string>();
  const [othersSignedOut, setOthersSignedOut] = useState(false);
  const label = kind === 'email' ? 'Email address' : 'Mobile number';
  const start = () => {
    setAfterReauth('enter');
    setRemoved(undefined);
    setStep(fresh ? 'enter' : 'reauth');
  };
  const cancel = () => setStep('idle');
  const reauthAgain = () => {
    setFresh(false);
    setError(NEEDS_REAUTH);
    setAfterReauth('enter');
    setStep('reauth');
  };

  async function removeNumber() {
    setError(undefined);
    const r = await removeMobileAction();
    if (r.ok) {
      setStep('idle');
      setRemoved(hasPin ? 'Mobile number and PIN removed. We emailed you about it.' : 'Mobile number removed. We emailed you about it.');
    } else {
      setError(r.formError);
      setFresh(false);
      setAfterReauth('remove');
      setStep('reauth');
    }
  }

  return (
    <div className="flex flex-col gap-3 border-b border-slate-100 py-4 last:border-0">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h3 className="font-medium text-slate-600">{label}</h3>
          <p className="flex flex-wrap items-center gap-2 break-all">
            <span className="font-medium">{current ?? 'Not given'}</span>
            {current && <span className="rounded-full bg-slate-100 px-2 py-0.5 text-sm text-slate-700">{verified ? 'Confirmed' : 'Not confirmed'}</span>}
            {props.disputed && <DisputedBadge />}
          </p>
        </div>
        {step === 'idle' && (
          <div className="flex gap-1">
            <Button variant="secondary" onClick={start}>
              {current ? `Change ${kind === 'email' ? 'email' : 'mobile'}` : 'Add mobile'}
            </Button>
            {kind === 'mobile' && current && (
              <ConfirmDialog
                trigger="Remove"
                triggerLabel="Remove mobile number"
                title="Remove your mobile number?"
                description={
                  <p>
                    {hasPin ? 'You will no longer be able to sign in with your mobile number and PIN: your PIN will be deleted too. ' : ''}You can add a number again later. You
                    may need to confirm it is you first.
                  </p>
                }
                confirmLabel={hasPin ? 'Remove number and PIN' : 'Remove number'}
                onConfirm={removeNumber}
              />
            )}
          </div>
        )}
      </div>
      {error && <Alert tone="error">{error}</Alert>}
      {removed && step === 'idle' && <Alert tone="success">{removed}</Alert>}
      {step === 'done' && (
        <Alert tone="success">
          {label} changed. {kind === 'email' ? `We told your previous email address about it.${othersSignedOut ? ' Your other devices were signed out.' : ''}` : 'We emailed you about it.'}
        </Alert>
      )}
      {step === 'reauth' && (
        <ReauthForm
          onCancel={cancel}
          onDone={() => {
            setFresh(true);
            setError(undefined);
            if (afterReauth === 'remove') void removeNumber();
            else setStep('enter');
          }}
        />
      )}
      {step === 'enter' && (
        <EnterValue
          kind={kind}
          region={props.region}
          onCancel={cancel}
          onReauth={reauthAgain}
          onSent={(v) => {
            setSentTo(v);
            setStep('code');
          }}
        />
      )}
      {step === 'code' && (
        <EnterCode
          kind={kind}
          sentTo={sentTo}
          onCancel={cancel}
          onReauth={reauthAgain}
          onDone={(signedOut) => {
            setOthersSignedOut(signedOut);
            setStep('done');
          }}
        />
      )}
    </div>
  );
}
