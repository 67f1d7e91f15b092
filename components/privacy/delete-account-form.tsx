'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { scheduleDeletionAction } from '@/app/(account)/account/privacy/delete/actions';
import { ReauthForm } from '@/components/account/reauth-form';
import { useActionForm } from '@/components/forms/use-action-form';
import { hardNavigate } from '@/components/hard-navigate';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { NEEDS_REAUTH } from '@/lib/reauth';
import { DELETE_WORD, deleteAccountSchema, type DeleteAccountInput } from '@/lib/validation/deletion';

function ConfirmForm({ typed, graceDays, onReauth }: { typed: string; graceDays: number; onReauth: (typed: string) => void }) {
  const { form, onSubmit, formError, errorOf } = useActionForm<DeleteAccountInput, { redirectTo: string }>({
    schema: deleteAccountSchema,
    action: async (values) => {
      const result = await scheduleDeletionAction(values);
      // The 5-minute window closed while the customer read the page: ask again, keeping what they typed.
      if (!result.ok && result.formError === NEEDS_REAUTH) onReauth(values.confirmation);
      return result;
    },
    defaultValues: { confirmation: typed },
    onSuccess: ({ redirectTo }) => hardNavigate(redirectTo),
  });
  return (
    <form method="post" onSubmit={onSubmit} noValidate className="flex flex-col gap-4" aria-labelledby="confirm-title">
      <h2 id="confirm-title" className="text-lg font-semibold">
        Confirm the deletion
      </h2>
      {formError && <Alert tone="error">{formError}</Alert>}
      <Field
        label={`Type ${DELETE_WORD} to confirm`}
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        hint={`In capital letters. Your account is deleted ${graceDays} days from now unless you change your mind.`}
        {...form.register('confirmation')}
        error={errorOf('confirmation')}
      />
      <div>
        <Button type="submit" variant="danger" disabled={form.formState.isSubmitting || form.formState.isSubmitSuccessful}>
          Delete my account
        </Button>
      </div>
    </form>
  );
}

/** Re-authentication first (5 minutes, like email changes), then the typed confirmation. */
export function DeleteAccountForm({ reauthFresh, hasPin, graceDays }: { reauthFresh: boolean; hasPin: boolean; graceDays: number }) {
  const router = useRouter();
  const [fresh, setFresh] = useState(reauthFresh);
  const [typed, setTyped] = useState('');
  const [notice, setNotice] = useState<string>();
  if (!fresh) {
    return (
      <section aria-labelledby="reauth-title" className="flex flex-col gap-3">
        <h2 id="reauth-title" className="text-lg font-semibold">
          Confirm it is you
        </h2>
        {notice && <Alert tone="error">{notice}</Alert>}
        <ReauthForm
          allowPin={hasPin}
          onCancel={() => router.push('/account/privacy')}
          onDone={() => {
            setNotice(undefined);
            setFresh(true);
          }}
        />
      </section>
    );
  }
  return (
    <ConfirmForm
      typed={typed}
      graceDays={graceDays}
      onReauth={(value) => {
        setTyped(value);
        setNotice(NEEDS_REAUTH);
        setFresh(false);
      }}
    />
  );
}
