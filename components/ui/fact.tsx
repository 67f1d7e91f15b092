import type { ReactNode } from 'react';

/** One label and value of a details list (`<dl>`), side by side on wide screens, stacked on phones. */
export function Fact({ label, children, labelWidth = 'w-48' }: { label: string; children: ReactNode; labelWidth?: string }) {
  return (
    <div className="flex flex-col gap-0.5 border-b border-slate-100 py-2 last:border-0 sm:flex-row sm:gap-4">
      <dt className={`${labelWidth} shrink-0 text-slate-600`}>{label}</dt>
      <dd className="min-w-0 flex-1 break-words">{children}</dd>
    </div>
  );
}
