'use client';
import * as Switch from '@radix-ui/react-switch';

/**
 * The on/off control of one mail topic: a Radix switch (role=switch, Space
 * and Enter toggle it), labelled by the topic's name and described by its
 * explanation. A locked one (mandatory topics) stays on, looks different
 * (grey, with a padlock) and is described by the reason.
 */
export function TopicSwitch({ id, checked, onChange, labelledBy, describedBy, locked = false }: { id: string; checked: boolean; onChange?: (on: boolean) => void; labelledBy: string; describedBy: string; locked?: boolean }) {
  return (
    <Switch.Root
      id={id}
      checked={checked}
      onCheckedChange={onChange}
      disabled={locked}
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
      className={`relative inline-flex h-8 w-14 shrink-0 items-center rounded-full border-2 border-transparent transition-colors ${locked ? 'cursor-not-allowed bg-slate-600' : 'cursor-pointer bg-slate-500 data-[state=checked]:bg-brand-700'}`}
    >
      <Switch.Thumb className="pointer-events-none flex size-7 items-center justify-center rounded-full bg-white shadow-sm transition-transform data-[state=checked]:translate-x-6">
        {locked && (
          <svg viewBox="0 0 16 16" className="size-3.5 text-slate-700" aria-hidden="true" fill="currentColor">
            <path d="M5 7V5a3 3 0 1 1 6 0v2h.5A1.5 1.5 0 0 1 13 8.5v5a1.5 1.5 0 0 1-1.5 1.5h-7A1.5 1.5 0 0 1 3 13.5v-5A1.5 1.5 0 0 1 4.5 7H5Zm1.5 0h3V5a1.5 1.5 0 0 0-3 0v2Z" />
          </svg>
        )}
      </Switch.Thumb>
    </Switch.Root>
  );
}
