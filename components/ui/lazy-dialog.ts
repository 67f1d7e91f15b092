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
 * (or to `returnFocus()`, for one dialog shared by many buttons).
 */
export function useLazyDialog(open: boolean, preload: () => unknown, returnFocus?: () => HTMLElement | null) {
  const id = useId();
  const ref = useRef<HTMLButtonElement>(null);
  const [mounted, setMounted] = useState(open);
  if (open && !mounted) setMounted(true);
  const warm = () => void preload();
  const trigger = {
    ref,
    'aria-haspopup': 'dialog' as const,
    'aria-expanded': open,
    'aria-controls': open ? id : undefined,
    'data-state': open ? 'open' : 'closed',
    onPointerEnter: warm,
    onFocus: warm,
  };
  const content = {
    id,
    onCloseAutoFocus: (event: Event) => {
      const target = ref.current ?? returnFocus?.();
      if (!target) return;
      event.preventDefault();
      target.focus();
    },
  };
  return { mounted, trigger, content };
}
