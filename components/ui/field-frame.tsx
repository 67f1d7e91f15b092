import { useId, type ReactNode } from 'react';

export interface ControlProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
  /** The border colour for the control's state. */
  border: string;
}

/**
 * The label, hint and error around one form control, wired so that the hint and
 * the error are announced with it. Field, SelectField and TextareaField render
 * their control inside this.
 */
export function FieldFrame({ label, hint, error, id, className = '', children }: { label: string; hint?: ReactNode; error?: string; id?: string; className?: string; children: (control: ControlProps) => ReactNode }) {
  const auto = useId();
  const controlId = id ?? auto;
  const hintId = hint ? `${controlId}-hint` : undefined;
  const errorId = error ? `${controlId}-error` : undefined;
  return (
    <div className={`flex flex-col gap-1 ${className}`}>
      <label htmlFor={controlId} className="font-medium">
        {label}
      </label>
      {hint && (
        <p id={hintId} className="text-sm text-slate-600">
          {hint}
        </p>
      )}
      {children({
        id: controlId,
        'aria-invalid': error ? true : undefined,
        'aria-describedby': [hintId, errorId].filter(Boolean).join(' ') || undefined,
        border: error ? 'border-red-700' : 'border-slate-400',
      })}
      {error && (
        <p id={errorId} className="text-sm font-medium text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
