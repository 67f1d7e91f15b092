'use client';
import * as Dialog from '@radix-ui/react-dialog';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useState } from 'react';

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
  return (
    <>
      <nav aria-label="Account sections" className="hidden w-60 shrink-0 md:block">
        <Links />
      </nav>
      <Dialog.Root open={open} onOpenChange={setOpen}>
        <Dialog.Trigger className="min-h-11 rounded-md border border-slate-300 bg-white px-4 font-medium md:hidden">Menu</Dialog.Trigger>
        <Dialog.Portal>
          <Dialog.Overlay className="fixed inset-0 bg-slate-900/40" />
          <Dialog.Content className="fixed inset-y-0 left-0 w-72 max-w-[85vw] overflow-y-auto bg-white p-4 shadow-xl">
            <div className="mb-4 flex items-center justify-between">
              <Dialog.Title className="text-lg font-semibold">Your account</Dialog.Title>
              <Dialog.Close className="min-h-11 rounded-md px-3 font-medium text-brand-700">Close</Dialog.Close>
            </div>
            <Dialog.Description className="sr-only">Go to a section of your account</Dialog.Description>
            <nav aria-label="Account sections">
              <Links onNavigate={() => setOpen(false)} />
            </nav>
          </Dialog.Content>
        </Dialog.Portal>
      </Dialog.Root>
    </>
  );
}
