'use client';

import { useState } from 'react';

/**
 * The HTML part of a message, shown on request in an empty sandbox: no
 * scripts, forms or same-origin access, whatever the HTML holds. The frame is
 * created only when opened, so a long outbox loads no documents it does not show.
 */
export function HtmlPreview({ html, subject }: { html: string; subject: string }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="mt-3" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="cursor-pointer rounded text-sm font-medium text-blue-800 underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700">Show the HTML version</summary>
      {open && <iframe sandbox="" srcDoc={html} title={`HTML version of “${subject}”`} className="mt-2 h-[32rem] w-full rounded border border-slate-200 bg-white" />}
    </details>
  );
}
