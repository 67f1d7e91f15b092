'use client';
import { cloneElement, lazy, Suspense, useState, type ReactElement, type ReactNode } from 'react';
import { Button } from './button';
import { dialogTrigger, useLazyDialog, type SharedDialog } from './lazy-dialog';

// Radix Dialog is loaded when a prompt first opens (or its trigger is hovered or focused), not with the page.
const loadDialog = () => import('./confirm-prompt-dialog');
/** The props of each button that opens a shared ConfirmPrompt (see `shared`). */
export const confirmPromptTrigger = (open: boolean, id: string) => dialogTrigger(open, loadDialog, id);
const PromptDialog = lazy(() => loadDialog().then((m) => ({ default: m.ConfirmPromptDialog })));

/**
 * The dialog that asks "really?" before something that cannot be undone,
 * controlled by its caller (a form opens it after validating).
 */
export function ConfirmPrompt({
  open,
  onOpenChange,
  title,
  description,
  cancelLabel = 'Cancel',
  confirmLabel,
  danger = false,
  busy,
  onConfirm,
  trigger,
  shared,
}: {
  /** The button that opens it, when there is one: focus returns to it on close. */
  trigger?: ReactElement<Record<string, unknown>>;
  /** Without `trigger`, opened by several buttons (each with `confirmPromptTrigger`): its id, and where focus goes on close. */
  shared?: SharedDialog;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description: ReactNode;
  cancelLabel?: string;
  confirmLabel: string;
  danger?: boolean;
  busy: boolean;
  onConfirm: () => void;
}) {
  const { mounted, trigger: triggerProps, content } = useLazyDialog(open, loadDialog, shared);
  return (
    <>
      {trigger && cloneElement(trigger, { ...triggerProps, onClick: () => onOpenChange(!open) })}
      {/* No boundary before the first opening: a list with a prompt per row rendered a Suspense boundary per row. */}
      {mounted && (
        <Suspense fallback={null}>
          <PromptDialog
            open={open}
            onOpenChange={onOpenChange}
            content={content}
            title={title}
            description={description}
            cancelLabel={cancelLabel}
            confirmLabel={confirmLabel}
            danger={danger}
            busy={busy}
            onConfirm={onConfirm}
          />
        </Suspense>
      )}
    </>
  );
}

/** A button that asks before doing something that cannot be undone. */
export function ConfirmDialog({
  trigger,
  triggerLabel,
  title,
  description,
  confirmLabel,
  onConfirm,
}: {
  trigger: ReactNode;
  triggerLabel?: string;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<void>;
}) {
  const [open, setOpen] = useState(false);
  const { busy, run } = useBusy();
  return (
    <ConfirmPrompt
      trigger={
        <Button variant="link" aria-label={triggerLabel} className="min-h-11 px-2">
          {trigger}
        </Button>
      }
      open={open}
      onOpenChange={setOpen}
      title={title}
      description={description}
      confirmLabel={confirmLabel}
      danger
      busy={busy}
      onConfirm={() =>
        run(async () => {
          await onConfirm();
          setOpen(false);
        })
      }
    />
  );
}

/** A prompt's busy state: true while `run(f)` is under way, whatever `f` ends in. */
export function useBusy() {
  const [busy, setBusy] = useState(false);
  const run = async (f: () => Promise<void>) => {
    setBusy(true);
    try {
      await f();
    } finally {
      setBusy(false);
    }
  };
  return { busy, run };
}
