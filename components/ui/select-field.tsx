import type { ReactNode, SelectHTMLAttributes } from 'react';
import { FieldFrame } from './field-frame';

/** A labelled native select (best on phones), with hint and error announced. */
export function SelectField({
  label,
  hint,
  error,
  id,
  children,
  ref,
  ...select
}: SelectHTMLAttributes<HTMLSelectElement> & { label: string; hint?: ReactNode; error?: string; ref?: React.Ref<HTMLSelectElement> }) {
  return (
    <FieldFrame label={label} hint={hint} error={error} id={id}>
      {({ border, ...control }) => (
        <select {...control} ref={ref} className={`min-h-11 w-full min-w-0 rounded-md border bg-white px-3 py-2 text-base ${border}`} {...select}>
          {children}
        </select>
      )}
    </FieldFrame>
  );
}
