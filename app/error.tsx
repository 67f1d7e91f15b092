'use client';
import { useEffect, useRef } from 'react';

/** Unexpected errors: a plain apology and the reference the server logged with the request id. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <main id="main" className="mx-auto max-w-xl px-4 py-16">
      <h1 ref={heading} tabIndex={-1} className="text-2xl font-semibold">
        Something went wrong on our side
      </h1>
      <p className="mt-3 text-slate-700">Nothing you did caused this, and nothing was half-saved. Please try again in a moment.</p>
      {error.digest && (
        <p className="mt-3 text-slate-700">
          If it keeps happening, contact support and quote reference <code className="rounded bg-slate-100 px-1 font-mono" data-testid="error-reference">{error.digest}</code>.
        </p>
      )}
      <button type="button" onClick={reset} className="mt-6 min-h-11 rounded-md bg-brand-700 px-4 font-medium text-white">
        Try again
      </button>
    </main>
  );
}
