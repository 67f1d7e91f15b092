'use client';
import { useId, useRef, useState } from 'react';

/**
 * A dialog whose Radix code is not in the page's first load: the caller
 * renders its Radix part with React.lazy, inside <Suspense fallback={null}>,
 * once `mounted` (from the first opening on; Radix mounts the content only
 * while open anyway). `preload` starts the download early (the trigger is
 * hovered or focused).
 *
 * What Radix's Dialog.Trigger did, the caller's own button does with `trigger`
 * spread on it: aria-haspopup, aria-expanded, aria-controls while open, its
 * data-state. `content`, spread on Dialog.Content, gives it that id and moves
 * focus back to the trigger when it closes, as Radix does for its own Trigger
 * (or, for one dialog shared by many buttons, to the one that opened it:
 * `shared`, with `dialogTrigger` spread on each button).
 */
export function useLazyDialog(open: boolean, preload: () => unknown, shared?: SharedDialog) {
  const ownId = useId();
  const id = shared?.id ?? ownId;
  const ref = useRef<HTMLButtonElement>(null);
  const [mounted, setMounted] = useState(open);
  if (open && !mounted) setMounted(true);
  const trigger = { ref, ...dialogTrigger(open, preload, id) };
  const content = {
    id,
    onCloseAutoFocus: (event: Event) => {
      const target = ref.current ?? shared?.returnFocus();
      if (!target) return;
      event.preventDefault();
      target.focus();
    },
  };
  return { mounted, trigger, content };
}

/** One dialog opened by several buttons (one per row of a list): its id, and the button that opened it last. */
export type SharedDialog = { id: string; returnFocus: () => HTMLElement | null };

/** What a button that opens the dialog `id` carries, as Radix's Dialog.Trigger did; hovering or focusing it starts `preload`. */
export function dialogTrigger(open: boolean, preload: () => unknown, id: string) {
  const warm = () => void preload();
  return {
    'aria-haspopup': 'dialog' as const,
    'aria-expanded': open,
    'aria-controls': open ? id : undefined,
    'data-state': open ? 'open' : 'closed',
    onPointerEnter: warm,
    onFocus: warm,
  };
}
