'use client';
import * as Dialog from '@radix-ui/react-dialog';
import { useRef, useState } from 'react';
import { ReauthForm } from '@/components/account/reauth-form';
import { FactorReauth } from '@/components/security/factor-reauth';
import { needsReauth } from '@/lib/reauth';
import type { ActionResult } from '@/lib/result';
import type { SecondStepChoice } from '@/lib/two-factor';

export { ReauthForm };

/*
 * Confirming it is you: one form for every sensitive action (reauth-form.tsx).
 * Pages show it inline (contact changes, Download your data, account deletion)
 * or in the dialog below, which opens when an action answers "confirm it is
 * you first" and then retries it (the admin pages: roles, policy, campaigns).
 */

/**
 * The form in a dialog: the password only, then for staff the second
 * step in the same dialog. Escape, Cancel or the overlay close it as a cancel.
 */
export function ReauthDialog({ open, onDone, onCancel }: { open: boolean; onDone: () => void; onCancel: () => void }) {
  const [secondStep, setSecondStep] = useState<SecondStepChoice | null>(null);
  const finish = (then: () => void) => {
    setSecondStep(null);
    then();
  };
  return (
    <Dialog.Root open={open} onOpenChange={(o) => !o && onCancel()}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 bg-slate-900/50" />
        <Dialog.Content className="fixed left-1/2 top-1/2 w-[min(28rem,calc(100vw-2rem))] -translate-x-1/2 -translate-y-1/2 rounded-xl bg-white p-6 shadow-xl">
          <Dialog.Title className="text-xl font-semibold">Confirm it is you</Dialog.Title>
          <Dialog.Description className="mt-2 text-slate-700">
            {secondStep ? 'Your password was right. Now your second step:' : 'Enter your password to continue. You will not be asked again for 5 minutes.'}
          </Dialog.Description>
          <div className="mt-4">
            {secondStep ? (
              <FactorReauth totp={secondStep.totp} passkey={secondStep.passkey} onDone={() => finish(onDone)} onCancel={() => finish(onCancel)} />
            ) : (
              <ReauthForm intro={false} onDone={(r) => (r.secondStep ? setSecondStep(r.secondStep) : onDone())} onCancel={onCancel} />
            )}
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/**
 * Runs a sensitive action; when it answers that the session must confirm it is
 * the account holder, asks for the password in a dialog and runs it once more.
 * Cancelling gives back the first answer (the form shows it). Render `dialog`.
 */
export function useReauthRetry() {
  const [open, setOpen] = useState(false);
  const settle = useRef<(confirmed: boolean) => void>(undefined);

  async function withReauth<T>(call: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
    const first = await call();
    if (!needsReauth(first)) return first;
    const confirmed = await new Promise<boolean>((resolve) => {
      settle.current = resolve;
      setOpen(true);
    });
    setOpen(false);
    settle.current = undefined;
    return confirmed ? call() : first;
  }

  const dialog = <ReauthDialog open={open} onDone={() => settle.current?.(true)} onCancel={() => settle.current?.(false)} />;
  return { withReauth, dialog };
}
