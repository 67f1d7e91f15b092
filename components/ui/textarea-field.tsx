import type { ReactNode, TextareaHTMLAttributes } from 'react';
import { FieldFrame } from './field-frame';

/** A labelled multi-line input whose hint and error are announced with it (the textarea twin of Field). */
export function TextareaField({
  label,
  hint,
  error,
  id,
  className,
  ref,
  ...textarea
}: TextareaHTMLAttributes<HTMLTextAreaElement> & { label: string; hint?: ReactNode; error?: string; ref?: React.Ref<HTMLTextAreaElement> }) {
  return (
    <FieldFrame label={label} hint={hint} error={error} id={id} className={className}>
      {({ border, ...control }) => <textarea {...control} ref={ref} rows={4} className={`min-h-24 rounded-md border bg-white px-3 py-2 text-base ${border}`} {...textarea} />}
    </FieldFrame>
  );
}
