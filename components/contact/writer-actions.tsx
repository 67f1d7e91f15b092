'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { closeConversationAction, replyToConversationAction } from '@/app/(account)/account/messages/actions';
import { closeByLinkAction, replyByLinkAction } from '@/app/contact/actions';
import { useActionForm } from '@/components/forms/use-action-form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { TextareaField } from '@/components/ui/textarea-field';
import { CONTACT_MESSAGE_MAX } from '@/lib/contact';
import type { ActionResult } from '@/lib/result';
import { customerReplySchema, tokenReplySchema } from '@/lib/validation/contact';

/*
 * Writing back and closing, for the person who wrote: a signed-in customer
 * (the session proves it) or a visitor behind an emailed link (the token does;
 * it works once, so after writing back the page says so instead of refreshing).
 */

type Proof = { kind: 'customer' } | { kind: 'link'; token: string };

function WriteBack({ conversationId, proof, onDone }: { conversationId: number; proof: Proof; onDone: () => void }) {
  const byLink = proof.kind === 'link';
  const f = useActionForm<{ conversationId: unknown; token?: string; message: string }, unknown>({
    schema: byLink ? tokenReplySchema : customerReplySchema,
    action: (v) => (byLink ? replyByLinkAction({ conversationId, token: proof.token, message: v.message }) : replyToConversationAction({ conversationId, message: v.message })),
    defaultValues: { conversationId, ...(byLink ? { token: proof.token } : {}), message: '' },
    onSuccess: () => {
      f.form.reset();
      onDone();
    },
  });
  const { form, onSubmit, formError, errorOf } = f;
  return (
    <section aria-labelledby="write-back" className="rounded-xl border border-slate-200 bg-white p-4 sm:p-6">
      <h2 id="write-back" className="text-lg font-semibold">
        Write back
      </h2>
      <form method="post" onSubmit={onSubmit} noValidate className="mt-3 flex flex-col gap-3" aria-labelledby="write-back">
        {formError && <Alert tone="error">{formError}</Alert>}
        <TextareaField label="Your message" rows={5} hint={`Up to ${CONTACT_MESSAGE_MAX} characters.`} {...form.register('message')} error={errorOf('message')} />
        <div>
          <Button type="submit" disabled={form.formState.isSubmitting}>
            {form.formState.isSubmitting ? 'Sending…' : 'Send'}
          </Button>
        </div>
      </form>
    </section>
  );
}

function CloseButton({ conversationId, close }: { conversationId: number; close: () => Promise<ActionResult<unknown>> }) {
  const [error, setError] = useState<string>();
  return (
    <div className="flex flex-col gap-2">
      {error && <Alert tone="error">{error}</Alert>}
      <div>
        <ConfirmDialog
          trigger="Close this conversation"
          title={`Close message #${conversationId}?`}
          description={<p>We will not answer it any more. For a new question, write to us again.</p>}
          confirmLabel="Close conversation"
          onConfirm={async () => {
            setError(undefined);
            const r = await close();
            if (!r.ok) setError(r.formError ?? 'That did not work.');
          }}
        />
      </div>
    </div>
  );
}

/** A signed-in customer's conversation page: write back, close; the page refreshes with the new entries. */
export function CustomerActions({ conversationId }: { conversationId: number }) {
  const router = useRouter();
  return (
    <>
      <WriteBack conversationId={conversationId} proof={{ kind: 'customer' }} onDone={() => router.replace(`/account/messages/${conversationId}?written=1`)} />
      <CloseButton
        conversationId={conversationId}
        close={async () => {
          return closeConversationAction({ conversationId });
        }}
      />
    </>
  );
}

/** A visitor's page behind the link: one answer or a close, then the link is used up. */
export function VisitorActions({ conversationId, token }: { conversationId: number; token: string }) {
  const [done, setDone] = useState<'written' | 'closed'>();
  if (done)
    return (
      <Alert tone="success">
        {done === 'written'
          ? 'Thank you: your message is with our staff. We will email you our answer, with a new link to write back.'
          : 'The conversation is closed. If you have another question, write to us again.'}
      </Alert>
    );
  return (
    <>
      <WriteBack conversationId={conversationId} proof={{ kind: 'link', token }} onDone={() => setDone('written')} />
      <CloseButton
        conversationId={conversationId}
        close={async () => {
          const r = await closeByLinkAction({ conversationId, token });
          if (r.ok) setDone('closed');
          return r;
        }}
      />
    </>
  );
}
