import { Link } from '@/components/ui/link';
import type { ReactNode } from 'react';

/** The frame of every signed-out page: brand, one heading, one card. */
export function AuthCard({ title, intro, children, footer }: { title: string; intro?: ReactNode; children: ReactNode; footer?: ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col items-center px-4 py-8 sm:py-16">
      <header className="mb-6">
        <Link href="/" className="text-lg font-semibold text-brand-800">
          Account Center
        </Link>
      </header>
      {/* The line under the card is part of the page's content, not a <footer>: each page has one contentinfo landmark, the site footer. */}
      <main id="main" className="w-full max-w-md">
        <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
          <h1 className="text-2xl font-semibold">{title}</h1>
          {intro && <div className="mt-2 text-slate-700">{intro}</div>}
          <div className="mt-6">{children}</div>
        </div>
        {footer && <div className="mt-6 text-center text-slate-700">{footer}</div>}
      </main>
    </div>
  );
}
