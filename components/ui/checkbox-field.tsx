import { useId, type InputHTMLAttributes, type ReactNode } from 'react';

type CheckboxFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'type'> & { label: string; hint?: ReactNode; ref?: React.Ref<HTMLInputElement> };

/** A checkbox with its label beside it and an optional hint announced with it (44 px tall target). */
export function CheckboxField({ label, hint, id, className = '', ref, ...input }: CheckboxFieldProps) {
  const auto = useId();
  const controlId = id ?? auto;
  const hintId = hint ? `${controlId}-hint` : undefined;
  return (
    <div className={`flex items-start gap-3 ${className}`}>
      <input id={controlId} ref={ref} type="checkbox" className="mt-3 size-5 shrink-0 accent-brand-700" aria-describedby={hintId} {...input} />
      <div className="flex min-h-11 flex-col justify-center">
        <label htmlFor={controlId} className="font-medium">
          {label}
        </label>
        {hint && (
          <p id={hintId} className="text-sm text-slate-600">
            {hint}
          </p>
        )}
      </div>
    </div>
  );
}
