import type { InputHTMLAttributes, ReactNode } from 'react';
import { FieldFrame } from './field-frame';

type FieldProps = InputHTMLAttributes<HTMLInputElement> & {
  label: string;
  hint?: ReactNode;
  error?: string;
};

/** A labelled input whose hint and error are announced with it. */
export function Field({ label, hint, error, id, className, ref, ...input }: FieldProps & { ref?: React.Ref<HTMLInputElement> }) {
  return (
    <FieldFrame label={label} hint={hint} error={error} id={id} className={className}>
      {({ border, ...control }) => <input {...control} ref={ref} className={`min-h-11 w-full min-w-0 rounded-md border bg-white px-3 py-2 text-base ${border}`} {...input} />}
    </FieldFrame>
  );
}
