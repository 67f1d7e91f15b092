'use client';
import { Link } from '@/components/ui/link';
import { useState } from 'react';
import { acknowledgePolicyAction } from '@/app/(account)/account/actions';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';

/**
 * "We updated our privacy policy", above every account page until the
 * customer acknowledges it. A region, not a dialog: it blocks nothing.
 */
export function PolicyNotice({ id, version, summary }: { id: number; version: string; summary: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [done, setDone] = useState(false);
  if (done) return null;
  return (
    <section aria-labelledby="policy-notice" className="rounded-xl border border-brand-100 bg-brand-50 p-4 text-brand-800" data-testid="policy-notice">
      <h2 id="policy-notice" className="font-semibold">
        We updated our privacy policy
      </h2>
      <p className="mt-1 break-words">
        Version {version}: {summary}
      </p>
      {error && (
        <div className="mt-2">
          <Alert tone="error">{error}</Alert>
        </div>
      )}
      <form
        method="post"
        className="mt-3 flex flex-wrap items-center gap-3"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(undefined);
          try {
            // The action refreshes the page: the notice is gone from it.
            const r = await acknowledgePolicyAction({ id });
            if (r.ok) setDone(true);
            else setError(r.formError ?? 'That did not work. Please try again.');
          } catch {
            setError('Something went wrong on our side. Please try again.');
          } finally {
            setBusy(false);
          }
        }}
      >
        <Link href="/privacy" className="text-brand-700 underline underline-offset-2">
          Read the privacy policy
        </Link>
        <Button type="submit" disabled={busy}>
          I have read it
        </Button>
      </form>
    </section>
  );
}
