import type { ReactNode } from 'react';

const tones = {
  error: 'border-red-300 bg-red-50 text-red-900',
  info: 'border-brand-100 bg-brand-50 text-brand-800',
  success: 'border-green-300 bg-green-50 text-green-900',
} as const;

/** A message box; errors are announced (role=alert), others politely (role=status). */
export function Alert({ tone = 'info', children, id }: { tone?: keyof typeof tones; children: ReactNode; id?: string }) {
  return (
    <div id={id} role={tone === 'error' ? 'alert' : 'status'} className={`rounded-md border px-4 py-3 ${tones[tone]}`}>
      {children}
    </div>
  );
}
