'use client';
import { useRouter } from 'next/navigation';
import { useMemo, useState } from 'react';
import { startReportAction } from '@/app/(account)/account/reports/actions';
import { useActionForm } from '@/components/forms/use-action-form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { SelectField } from '@/components/ui/select-field';
import { TextareaField } from '@/components/ui/textarea-field';
import { REPORT_TEXT_MAX, type StartResult } from '@/lib/reports';
import { reportSchema, type ReportInput } from '@/lib/validation/reports';
import { ConfirmDraft } from './confirm-draft';

type Option = { value: string; label: string };
export type ReportableItem = { key: string; label: string; current: string; disputed: boolean; group: string };

const INPUT_HINTS: Record<string, string> = {
  'profile.dateOfBirth': 'Year-month-day, for example 1990-04-21.',
  mobile: 'Any format, e.g. +44 7700 900123.',
  'account.createdAt': 'The date, or what you know about it.',
};

/** "Report inaccurate information": what is wrong, what it should be, why; then a code (or password) proves it is you. */
export function ReportForm({ items, initialItem, region, choices }: { items: ReportableItem[]; initialItem: string; region: string; choices: Record<string, Option[]> }) {
  const router = useRouter();
  const schema = useMemo(() => reportSchema(region), [region]);
  const [draft, setDraft] = useState<{ id: number; method: 'code' | 'password'; sentTo?: string }>();
  const { form, onSubmit, formError, errorOf } = useActionForm<ReportInput, StartResult>({
    schema,
    action: startReportAction,
    defaultValues: { item: initialItem, proposedValue: '', explanation: '', statement: '' },
    onSuccess: (r) => {
      if (r.confirmed) router.push(`/account/reports/${r.id}?confirmed=1`);
      else setDraft({ id: r.id, method: r.method, sentTo: r.method === 'code' ? r.sentTo : undefined });
    },
  });
  const item = form.watch('item');
  const selected = items.find((i) => i.key === item);
  const groups = [...new Set(items.map((i) => i.group))];
  const itemField = form.register('item');

  if (draft) return <ConfirmDraft focus reportId={draft.id} method={draft.method} sentTo={draft.sentTo} onDone={() => router.push(`/account/reports/${draft.id}?confirmed=1`)} />;

  const proposed = form.register('proposedValue');
  const options = choices[item];
  return (
    <form method="post" onSubmit={onSubmit} noValidate className="flex flex-col gap-5 rounded-xl border border-slate-200 bg-white p-4 sm:p-6" aria-labelledby="report-title">
      {formError && <Alert tone="error">{formError}</Alert>}
      <SelectField
        label="What is wrong?"
        {...itemField}
        onChange={(e) => {
          void itemField.onChange(e);
          form.setValue('proposedValue', '');
          form.clearErrors('proposedValue');
        }}
        error={errorOf('item')}
      >
        {groups.map((g) => (
          <optgroup key={g} label={g}>
            {items
              .filter((i) => i.group === g)
              .map((i) => (
                <option key={i.key} value={i.key}>
                  {i.label}
                </option>
              ))}
          </optgroup>
        ))}
      </SelectField>
      {selected && (
        <div className="rounded-md bg-slate-50 p-3" aria-live="polite">
          <p className="text-slate-700">What we hold now</p>
          <p className="break-words font-medium" data-testid="current-value">
            {selected.current}
          </p>
          {selected.disputed && <p className="mt-1 text-sm text-amber-900">You already have an open report about this item.</p>}
        </div>
      )}
      {options ? (
        <SelectField label="The correct value" {...proposed} error={errorOf('proposedValue')}>
          <option value="">Choose…</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </SelectField>
      ) : (
        <Field
          label="The correct value"
          type={item === 'email' ? 'email' : item === 'mobile' ? 'tel' : 'text'}
          autoComplete="off"
          hint={INPUT_HINTS[item]}
          {...proposed}
          error={errorOf('proposedValue')}
        />
      )}
      <TextareaField
        label="Why is it wrong?"
        hint={`How you know, for example what your documents say. Up to ${REPORT_TEXT_MAX} characters.`}
        {...form.register('explanation')}
        error={errorOf('explanation')}
      />
      <TextareaField
        label="A statement to keep on file (optional)"
        hint="Whatever we decide, we keep your statement with this information while we hold it."
        {...form.register('statement')}
        error={errorOf('statement')}
      />
      <div>
        <Button type="submit" disabled={form.formState.isSubmitting}>
          {form.formState.isSubmitting ? 'Sending…' : 'Continue'}
        </Button>
      </div>
    </form>
  );
}
