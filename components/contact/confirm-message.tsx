'use client';
import { Link } from '@/components/ui/link';
import { useState } from 'react';
import { confirmContactAction } from '@/app/contact/actions';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { formatDateTime } from '@/lib/format';

/** The button behind the emailed link (opening the link changes nothing: mail scanners open links). */
export function ConfirmMessage({ conversationId, token }: { conversationId: number; token: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<{ dueAt: Date; forCustomer: boolean }>();
  if (done)
    return (
      <div className="flex flex-col gap-3">
        <Alert tone="success">
          Thank you: message #{conversationId} is with our staff. We will answer by {formatDateTime(done.dueAt)}, by email to this address.
        </Alert>
        {done.forCustomer && (
          <p>
            <Link href={`/account/messages/${conversationId}`} className="text-brand-700 underline underline-offset-2">
              Follow it in your account
            </Link>
          </p>
        )}
      </div>
    );
  return (
    <div className="flex flex-col gap-3">
      {error && <Alert tone="error">{error}</Alert>}
      <div>
        <Button
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            setError(undefined);
            try {
              const r = await confirmContactAction({ conversationId, token });
              if (r.ok) setDone({ dueAt: new Date(r.data.dueAt), forCustomer: r.data.forCustomer });
              else setError(r.formError ?? 'That did not work.');
            } finally {
              setBusy(false);
            }
          }}
        >
          Confirm and send my message
        </Button>
      </div>
    </div>
  );
}
