import { useId, type ReactNode, type SelectHTMLAttributes } from 'react';

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
  const auto = useId();
  const selectId = id ?? auto;
  const errorId = error ? `${selectId}-error` : undefined;
  const hintId = hint ? `${selectId}-hint` : undefined;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={selectId} className="font-medium">
        {label}
      </label>
      {hint && (
        <p id={hintId} className="text-sm text-slate-600">
          {hint}
        </p>
      )}
      <select
        id={selectId}
        ref={ref}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
        className={`min-h-11 w-full min-w-0 rounded-md border bg-white px-3 py-2 text-base ${error ? 'border-red-700' : 'border-slate-400'}`}
        {...select}
      >
        {children}
      </select>
      {error && (
        <p id={errorId} className="text-sm font-medium text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
