'use client';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm, type DefaultValues, type FieldValues, type Path, type PathValue } from 'react-hook-form';
import type { z } from 'zod';
import type { ActionResult } from '@/lib/result';

/**
 * react-hook-form wired to a server action that returns ActionResult. The same
 * zod schema validates here and in the action; server field errors land beside
 * their fields, a form error above the form, and on failure the secret fields
 * (passwords, PINs) are cleared while everything else the user typed stays.
 */
export function useActionForm<TValues extends FieldValues, TData>(opts: {
  schema: z.ZodType<unknown, TValues>;
  action: (values: TValues) => Promise<ActionResult<TData>>;
  defaultValues: DefaultValues<TValues>;
  /** Fields holding a secret (a text input), emptied after a failure. */
  secrets?: Path<TValues>[];
  onSuccess: (data: TData) => void;
}) {
  const [formError, setFormError] = useState<string>();
  const form = useForm<TValues>({
    // Validate the raw inputs, but post them untransformed: the action parses them again.
    resolver: zodResolver(opts.schema, undefined, { raw: true }),
    defaultValues: opts.defaultValues,
    // Validate on submit, then as the user corrects: a message appearing on blur would
    // move the submit button under the pointer and swallow the click.
    mode: 'onSubmit',
    reValidateMode: 'onChange',
    shouldFocusError: true,
  });

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(undefined);
    let result: ActionResult<TData>;
    try {
      result = await opts.action(values);
    } catch {
      result = { ok: false, formError: 'Something went wrong on our side. Please try again.' };
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

  const errorOf = (name: Path<TValues>) => form.getFieldState(name, form.formState).error?.message;
  return { form, onSubmit, formError, errorOf };
}
