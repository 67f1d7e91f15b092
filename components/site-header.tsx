import type { Route } from 'next';
import { Link } from '@/components/ui/link';
import type { ReactNode } from 'react';

const TONES = {
  light: { header: 'border-slate-200 bg-white', home: 'text-brand-800' },
  staff: { header: 'border-slate-700 bg-slate-900 text-white', home: '' },
} as const;

/** The bar at the top of every page: the product name linking home, and what the page puts on the right. */
export function SiteHeader({
  home,
  title = 'Account Center',
  width = 'max-w-6xl',
  tone = 'light',
  children,
}: {
  home: Route;
  title?: string;
  width?: string;
  tone?: keyof typeof TONES;
  children?: ReactNode;
}) {
  return (
    <header className={`border-b ${TONES[tone].header}`}>
      <div className={`mx-auto flex ${width} flex-wrap items-center justify-between gap-3 px-4 py-3`}>
        <Link href={home} className={`text-lg font-semibold ${TONES[tone].home}`}>
          {title}
        </Link>
        {children}
      </div>
    </header>
  );
}
