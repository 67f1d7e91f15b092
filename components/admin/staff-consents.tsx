'use client';
import { useId, useState } from 'react';
import { lookUpCustomerConsentsAction, withdrawCustomerConsentAction } from '@/app/admin/communications/actions';
import { useActionForm } from '@/components/forms/use-action-form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { TextareaField } from '@/components/ui/textarea-field';
import { OPTIONAL_TOPICS, TOPICS, type ConsentState, type OptionalTopic } from '@/lib/consent';
import type { StaffConsentView, StaffWithdrawResult } from '@/lib/consent-view';
import { staffConsentLookupSchema, staffWithdrawSchema, WITHDRAW_ALL, type StaffConsentLookupInput, type StaffWithdrawInput } from '@/lib/validation/staff-consent';
import { Card } from '@/components/ui/card';

/** The states as staff read them (the customer's own page speaks to the customer). */
const STATE_LABELS: Record<ConsentState, string> = { granted: 'Subscribed', pending: 'Waiting for the customer to confirm', withdrawn: 'Not subscribed' };
const ALL_LABEL = 'All promotional email';

const listOf = (topics: OptionalTopic[]) => topics.map((t) => TOPICS[t].label).join(', ');

function outcome(r: StaffWithdrawResult): string {
  if (!r.withdrawn.length && !r.newlySuppressed) return 'Nothing changed: the customer was already unsubscribed from that.';
  const parts = [r.withdrawn.length ? `Withdrawn: ${listOf(r.withdrawn)}.` : '', r.newlySuppressed ? 'The address is now on the do-not-email list for promotional email.' : ''];
  return `${parts.filter(Boolean).join(' ')} The customer sees this change in their account.`;
}

/** Look a customer up by exact email or username, see their optional topics, and withdraw what they asked to stop. */
export function StaffConsents() {
  const [view, setView] = useState<StaffConsentView>();
  const [done, setDone] = useState<string>();
  const { form, onSubmit, formError, errorOf } = useActionForm<StaffConsentLookupInput, StaffConsentView>({
    schema: staffConsentLookupSchema,
    action: lookUpCustomerConsentsAction,
    defaultValues: { customer: '' },
    onSuccess: (v) => {
      setView(v);
      setDone(undefined);
    },
  });

  return (
    <div className="flex flex-col gap-6">
      <Card id="find-customer" title="Find the customer">
        <form method="post" onSubmit={onSubmit} noValidate aria-labelledby="find-customer" className="mt-3 flex flex-col gap-4">
          {formError && <Alert tone="error">{formError}</Alert>}
          <Field
            label="Email address or username"
            hint="Exactly as the customer gives it. Your look-up is shown to the customer."
            autoComplete="off"
            spellCheck={false}
            {...form.register('customer', { onChange: () => setView(undefined) })}
            error={errorOf('customer')}
          />
          <div>
            <Button type="submit" disabled={form.formState.isSubmitting}>
              Look up
            </Button>
          </div>
        </form>
      </Card>
      {view && <CustomerChoices key={view.customer.id} view={view} done={done} onChange={(r) => (setView(r), setDone(outcome(r)))} />}
    </div>
  );
}

function CustomerChoices({ view, done, onChange }: { view: StaffConsentView; done?: string; onChange: (r: StaffWithdrawResult) => void }) {
  const on = OPTIONAL_TOPICS.filter((t) => view.states[t] !== 'withdrawn');
  const canStopAll = on.length > 0 || !view.suppressed;
  return (
    <section aria-labelledby="customer-choices" className="rounded-xl border border-slate-200 bg-white p-4 sm:p-6" data-testid="customer-choices">
      <h2 id="customer-choices" className="text-lg font-semibold">
        Email choices of {view.customer.username}
      </h2>
      <p className="mt-1 break-words text-slate-700">{view.customer.email}</p>
      {done && (
        <div className="mt-3">
          <Alert tone="success">{done}</Alert>
        </div>
      )}
      <dl className="mt-3 divide-y divide-slate-100">
        {OPTIONAL_TOPICS.map((t) => (
          <div key={t} className="flex flex-col gap-0.5 py-2 sm:flex-row sm:justify-between sm:gap-4" data-testid={`staff-topic-${t}`}>
            <dt className="font-medium">{TOPICS[t].label}</dt>
            <dd className={view.states[t] === 'withdrawn' ? 'text-slate-700' : 'font-semibold'}>{STATE_LABELS[view.states[t]]}</dd>
          </div>
        ))}
      </dl>
      {view.suppressed && <p className="mt-2 text-slate-700">This address is on the do-not-email list: it receives no promotional email.</p>}
      {canStopAll ? (
        <WithdrawForm customerId={view.customer.id} topicsOn={on} onDone={onChange} />
      ) : (
        <p className="mt-4">There is nothing to withdraw: this customer receives no promotional email.</p>
      )}
    </section>
  );
}

function WithdrawForm({ customerId, topicsOn, onDone }: { customerId: string; topicsOn: OptionalTopic[]; onDone: (r: StaffWithdrawResult) => void }) {
  const id = useId();
  const defaults: StaffWithdrawInput = { userId: customerId, scope: '' as StaffWithdrawInput['scope'], state: 'withdrawn', reason: '' };
  const { form, onSubmit, formError, errorOf } = useActionForm<StaffWithdrawInput, StaffWithdrawResult>({
    schema: staffWithdrawSchema,
    action: withdrawCustomerConsentAction,
    defaultValues: defaults,
    onSuccess: (r) => {
      form.reset(defaults);
      onDone(r);
    },
  });
  const scopeError = errorOf('scope');
  const options: { value: StaffWithdrawInput['scope']; label: string; about: string }[] = [
    ...topicsOn.map((t) => ({ value: t, label: TOPICS[t].label, about: 'Only this topic.' })),
    { value: WITHDRAW_ALL, label: ALL_LABEL, about: 'Every topic, and the address goes on the do-not-email list until the customer subscribes again themselves.' },
  ];
  return (
    <form method="post" onSubmit={onSubmit} noValidate aria-labelledby={`${id}-title`} className="mt-4 flex flex-col gap-4 border-t border-slate-200 pt-4">
      <h3 id={`${id}-title`} className="font-semibold">
        Withdraw consent at the customer’s request
      </h3>
      {formError && <Alert tone="error">{formError}</Alert>}
      <fieldset className="flex flex-col gap-3" aria-describedby={scopeError ? `${id}-scope-error` : undefined}>
        <legend className="font-medium">What did the customer ask to stop?</legend>
        {options.map((o) => (
          <div key={o.value} className="flex items-start gap-3">
            <input id={`${id}-${o.value}`} type="radio" value={o.value} className="mt-1 size-5 shrink-0 accent-brand-700" aria-describedby={`${id}-${o.value}-about`} {...form.register('scope')} />
            <div>
              <label htmlFor={`${id}-${o.value}`} className="font-medium">
                {o.label}
              </label>
              <p id={`${id}-${o.value}-about`} className="text-sm text-slate-600">
                {o.about}
              </p>
            </div>
          </div>
        ))}
        {scopeError && (
          <p id={`${id}-scope-error`} className="text-sm font-medium text-red-700">
            {scopeError}
          </p>
        )}
      </fieldset>
      <TextareaField
        label="Reason"
        hint="How and when the customer asked, e.g. “Customer asked by phone on 30 Nov”. The customer sees it in their access log."
        {...form.register('reason')}
        error={errorOf('reason')}
      />
      <div>
        <Button type="submit" disabled={form.formState.isSubmitting}>
          Withdraw consent
        </Button>
      </div>
    </form>
  );
}
