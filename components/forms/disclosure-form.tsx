'use client';
import type { ReactNode } from 'react';
import type { DefaultValues, Path } from 'react-hook-form';
import type { z } from 'zod';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import type { ActionResult } from '@/lib/result';
import { useActionForm } from './use-action-form';

type Register<T extends Record<string, unknown>> = ReturnType<typeof useActionForm<T, unknown>>['form']['register'];

/**
 * One staff form inside a disclosure (decide a report, answer a message): the
 * same schema in the browser and in the action, errors beside the fields.
 * `resetOnSuccess` empties it for the next one (an answer that is now in the thread).
 */
export function DisclosureForm<T extends Record<string, unknown>>(props: {
  summary: string;
  description: ReactNode;
  schema: z.ZodType<unknown, T>;
  defaults: DefaultValues<T>;
  action: (v: T) => Promise<ActionResult<unknown>>;
  submit: string;
  danger?: boolean;
  open?: boolean;
  resetOnSuccess?: boolean;
  fields: (f: { register: Register<T>; errorOf: (n: Path<T>) => string | undefined }) => ReactNode;
  onDone: () => void;
  onFail?: () => void;
}) {
  const f = useActionForm<T, unknown>({
    schema: props.schema,
    action: async (v) => {
      const r = await props.action(v);
      if (!r.ok) props.onFail?.();
      return r;
    },
    defaultValues: props.defaults,
    onSuccess: () => {
      if (props.resetOnSuccess) f.form.reset();
      props.onDone();
    },
  });
  const { form, onSubmit, formError, errorOf } = f;
  return (
    <details className="rounded-md border border-slate-200 p-3" open={props.open}>
      <summary className="min-h-11 cursor-pointer content-center font-semibold">{props.summary}</summary>
      <form method="post" onSubmit={onSubmit} noValidate className="mt-3 flex flex-col gap-3" aria-label={props.summary}>
        <div className="text-slate-700">{props.description}</div>
        {formError && <Alert tone="error">{formError}</Alert>}
        {props.fields({ register: form.register, errorOf })}
        <div>
          <Button type="submit" variant={props.danger ? 'danger' : 'primary'} disabled={form.formState.isSubmitting}>
            {props.submit}
          </Button>
        </div>
      </form>
    </details>
  );
}
