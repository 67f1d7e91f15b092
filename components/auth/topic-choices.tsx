import { useId } from 'react';
import type { UseFormRegisterReturn } from 'react-hook-form';
import { OPTIONAL_TOPICS, TOPICS } from '@/lib/consent';

/**
 * The optional mail topics at sign-up: one unticked box each, grouped under
 * one question. Mandatory topics are stated, not asked. Takes the
 * react-hook-form registration of an array field.
 */
export function TopicChoices({ register, error }: { register: UseFormRegisterReturn; error?: string }) {
  const id = useId();
  return (
    <fieldset className="flex flex-col gap-3 rounded-lg border border-slate-200 p-4" aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}>
      <legend className="px-1 font-medium">Emails you can choose (optional)</legend>
      <p id={`${id}-hint`} className="text-sm text-slate-600">
        We always email you about your account and its security. Tick anything else you would like; we will ask you to confirm by email first.
      </p>
      {OPTIONAL_TOPICS.map((t) => (
        <div key={t} className="flex items-start gap-3">
          <input id={`${id}-${t}`} type="checkbox" value={t} className="mt-1 size-5 shrink-0 accent-brand-700" aria-describedby={`${id}-${t}-about`} {...register} />
          <div>
            <label htmlFor={`${id}-${t}`} className="font-medium">
              {TOPICS[t].label}
            </label>
            <p id={`${id}-${t}-about`} className="text-sm text-slate-600">
              {TOPICS[t].description}
            </p>
          </div>
        </div>
      ))}
      {error && (
        <p id={`${id}-error`} className="text-sm font-medium text-red-700">
          {error}
        </p>
      )}
    </fieldset>
  );
}
