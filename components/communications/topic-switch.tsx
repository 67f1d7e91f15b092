'use client';
import * as Switch from '@radix-ui/react-switch';

/**
 * The on/off control of one mail topic: a Radix switch (role=switch, Space
 * and Enter toggle it), labelled by the topic's name and described by its
 * explanation. A locked one (mandatory topics) stays on and says why.
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
      className="relative inline-flex h-8 w-14 shrink-0 cursor-pointer items-center rounded-full border-2 border-transparent bg-slate-500 transition-colors data-[state=checked]:bg-brand-700 disabled:cursor-not-allowed data-[disabled]:bg-slate-600"
    >
      <Switch.Thumb className="pointer-events-none block size-7 rounded-full bg-white shadow-sm transition-transform data-[state=checked]:translate-x-6" />
    </Switch.Root>
  );
}
