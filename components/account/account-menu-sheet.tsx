'use client';
import * as Dialog from '@radix-ui/react-dialog';
import type { ReactNode } from 'react';

/** The Radix part of the phones' account menu (account-nav.tsx), loaded when it first opens. */
export function AccountMenuSheet({ open, onOpenChange, content, children }: { open: boolean; onOpenChange: (open: boolean) => void; content: { id: string; onCloseAutoFocus: (event: Event) => void }; children: ReactNode }) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 bg-slate-900/40" />
        <Dialog.Content {...content} className="fixed inset-y-0 left-0 w-72 max-w-[85vw] overflow-y-auto bg-white p-4 shadow-xl">
          <div className="mb-4 flex items-center justify-between">
            <Dialog.Title className="text-lg font-semibold">Your account</Dialog.Title>
            <Dialog.Close className="min-h-11 rounded-md px-3 font-medium text-brand-700">Close</Dialog.Close>
          </div>
          <Dialog.Description className="sr-only">Go to a section of your account</Dialog.Description>
          <nav aria-label="Account sections">{children}</nav>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
