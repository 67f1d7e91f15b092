import { useId, type ReactNode, type TextareaHTMLAttributes } from 'react';

/** A labelled multi-line input whose hint and error are announced with it (the textarea twin of Field). */
export function TextareaField({
  label,
  hint,
  error,
  id,
  className = '',
  ref,
  ...textarea
}: TextareaHTMLAttributes<HTMLTextAreaElement> & { label: string; hint?: ReactNode; error?: string; ref?: React.Ref<HTMLTextAreaElement> }) {
  const auto = useId();
  const inputId = id ?? auto;
  const hintId = hint ? `${inputId}-hint` : undefined;
  const errorId = error ? `${inputId}-error` : undefined;
  return (
    <div className={`flex flex-col gap-1 ${className}`}>
      <label htmlFor={inputId} className="font-medium">
        {label}
      </label>
      {hint && (
        <p id={hintId} className="text-sm text-slate-600">
          {hint}
        </p>
      )}
      <textarea
        id={inputId}
        ref={ref}
        rows={4}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
        className={`min-h-24 rounded-md border bg-white px-3 py-2 text-base ${error ? 'border-red-700' : 'border-slate-400'}`}
        {...textarea}
      />
      {error && (
        <p id={errorId} className="text-sm font-medium text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
