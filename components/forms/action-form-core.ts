'use client';
import { useState, type BaseSyntheticEvent } from 'react';
import { useForm, type DefaultValues, type FieldValues, type Path, type PathValue, type Resolver } from 'react-hook-form';
import type { ActionResult } from '@/lib/result';

export type ActionFormOptions<TValues extends FieldValues, TData> = {
  action: (values: TValues) => Promise<ActionResult<TData>>;
  defaultValues: DefaultValues<TValues>;
  /** Fields holding a secret (a text input), emptied after a failure. */
  secrets?: Path<TValues>[];
  onSuccess: (data: TData) => void;
};

const SOMETHING_WENT_WRONG = 'Something went wrong on our side. Please try again.';

/**
 * react-hook-form wired to a server action that returns ActionResult, given the
 * resolver that validates in the browser (use-action-form.ts: a zod schema at
 * hand; use-lazy-action-form.ts: a schema loaded on first use). Server field
 * errors land beside their fields, a form error above the form, and on failure
 * the secret fields (passwords, PINs) are cleared while everything else the
 * user typed stays.
 */
export function useActionFormWith<TValues extends FieldValues, TData>(resolver: Resolver<TValues>, opts: ActionFormOptions<TValues, TData>) {
  const [formError, setFormError] = useState<string>();
  const form = useForm<TValues>({
    resolver,
    defaultValues: opts.defaultValues,
    // Validate on submit, then as the user corrects: a message appearing on blur would
    // move the submit button under the pointer and swallow the click.
    mode: 'onSubmit',
    reValidateMode: 'onChange',
    shouldFocusError: true,
  });

  const submit = form.handleSubmit(async (values) => {
    setFormError(undefined);
    let result: ActionResult<TData>;
    try {
      result = await opts.action(values);
    } catch {
      result = { ok: false, formError: SOMETHING_WENT_WRONG };
    }
    if (result.ok) return opts.onSuccess(result.data);
    // A secret field is a text input: emptied, its value is the empty string.
    for (const name of opts.secrets ?? []) form.setValue(name, '' as PathValue<TValues, typeof name>);
    setFormError(result.formError);
    const entries = Object.entries(result.fieldErrors ?? {});
    entries.forEach(([name, messages], i) => {
      if (messages?.[0]) form.setError(name as Path<TValues>, { type: 'server', message: messages[0] }, { shouldFocus: i === 0 });
    });
  });
  // Only a resolver that could not run (its code failed to load) throws here: nothing was sent.
  const onSubmit = async (e?: BaseSyntheticEvent) => {
    try {
      await submit(e);
    } catch {
      setFormError(SOMETHING_WENT_WRONG);
    }
  };

  const errorOf = (name: Path<TValues>) => form.getFieldState(name, form.formState).error?.message;
  return { form, onSubmit, formError, errorOf };
}
