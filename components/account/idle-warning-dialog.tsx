'use client';
import * as Dialog from '@radix-ui/react-dialog';
import { Button } from '@/components/ui/button';

/** The Radix part of the idle warning (idle-timeout.tsx), loaded when it first opens. Escape means "stay", as the button does. */
export function IdleWarningDialog({ open, minutes, seconds, busy, onStay }: { open: boolean; minutes: number; seconds: string; busy: boolean; onStay: () => void }) {
  return (
    <Dialog.Root open={open}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 bg-slate-900/50" />
        <Dialog.Content role="alertdialog" onEscapeKeyDown={onStay} className="fixed left-1/2 top-1/2 w-[min(28rem,calc(100vw-2rem))] -translate-x-1/2 -translate-y-1/2 rounded-xl bg-white p-6 shadow-xl">
          <Dialog.Title className="text-xl font-semibold">Are you still there?</Dialog.Title>
          <Dialog.Description className="mt-2 text-slate-700">
            For your security we will sign you out in{' '}
            <span className="font-semibold tabular-nums">
              {minutes}:{seconds}
            </span>{' '}
            unless you choose to stay signed in.
          </Dialog.Description>
          <div className="mt-6 flex flex-wrap gap-3">
            <Button onClick={onStay} disabled={busy} autoFocus>
              Stay signed in
            </Button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
