'use client';
import { Link } from '@/components/ui/link';
import { usePathname } from 'next/navigation';
import { lazy, Suspense, useState } from 'react';
import { useLazyDialog } from '@/components/ui/lazy-dialog';

// Radix Dialog is loaded when the menu first opens (or its button is hovered or focused), not with every account page.
const loadSheet = () => import('./account-menu-sheet');
const AccountMenuSheet = lazy(() => loadSheet().then((m) => ({ default: m.AccountMenuSheet })));

export const SECTIONS = [
  { href: '/account', label: 'Your information' },
  { href: '/account/profile', label: 'Profile' },
  { href: '/account/security', label: 'Security' },
  { href: '/account/communications', label: 'Communications' },
  { href: '/account/reports', label: 'Inaccuracy reports' },
  { href: '/account/messages', label: 'Messages' },
  { href: '/account/privacy', label: 'Download or delete' },
  { href: '/account/purchases', label: 'Purchases' },
] as const;

function Links({ onNavigate }: { onNavigate?: () => void }) {
  const pathname = usePathname();
  return (
    <ul className="flex flex-col gap-1">
      {SECTIONS.map((s) => {
        const current = pathname === s.href;
        // A sub-page (a report, the delete page) keeps its section marked: aria-current="true", not "page".
        const inSection = !current && s.href !== '/account' && pathname.startsWith(`${s.href}/`);
        return (
          <li key={s.href}>
            <Link
              href={s.href}
              onClick={onNavigate}
              aria-current={current ? 'page' : inSection ? 'true' : undefined}
              className={`block min-h-11 rounded-md px-3 py-2 ${current || inSection ? 'bg-brand-50 font-semibold text-brand-800' : 'text-slate-800 hover:bg-slate-100'}`}
            >
              {s.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

/** A sidebar on wide screens; a menu button opening a sheet on phones. */
export function AccountNav() {
  const [open, setOpen] = useState(false);
  const { mounted, trigger, content } = useLazyDialog(open, loadSheet);
  return (
    <>
      <nav aria-label="Account sections" className="hidden w-60 shrink-0 md:block">
        <Links />
      </nav>
      <button type="button" {...trigger} onClick={() => setOpen(!open)} className="min-h-11 rounded-md border border-slate-300 bg-white px-4 font-medium md:hidden">
        Menu
      </button>
      <Suspense fallback={null}>
        {mounted && (
          <AccountMenuSheet open={open} onOpenChange={setOpen} content={content}>
            <Links onNavigate={() => setOpen(false)} />
          </AccountMenuSheet>
        )}
      </Suspense>
    </>
  );
}
