'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { answerReportAction, withdrawReportAction } from '@/app/(account)/account/reports/actions';
import { useActionForm } from '@/components/forms/use-action-form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { TextareaField } from '@/components/ui/textarea-field';
import { answerSchema } from '@/lib/validation/reports';
import { ConfirmDraft } from './confirm-draft';

/** Answers the reviewer's question: the answer joins the timeline and the review continues. */
export function AnswerForm({ reportId, question }: { reportId: number; question: string | null }) {
  const router = useRouter();
  const { form, onSubmit, formError, errorOf } = useActionForm<{ answer: string }, unknown>({
    schema: answerSchema,
    action: (v) => answerReportAction({ ...v, id: reportId }),
    defaultValues: { answer: '' },
    // The page thanks them (?answered): this form leaves the page once the report is back in review.
    onSuccess: () => router.replace(`/account/reports/${reportId}?answered=1`),
  });
  return (
    <section aria-labelledby="answer-heading" className="rounded-xl border border-amber-300 bg-amber-50 p-4 sm:p-6">
      <h2 id="answer-heading" className="text-lg font-semibold">
        We need more information
      </h2>
      {question && <p className="mt-2 whitespace-pre-wrap break-words">{question}</p>}
      <form method="post" onSubmit={onSubmit} noValidate className="mt-4 flex flex-col gap-3" aria-labelledby="answer-heading">
        {formError && <Alert tone="error">{formError}</Alert>}
        <TextareaField label="Your answer" {...form.register('answer')} error={errorOf('answer')} />
        <div>
          <Button type="submit" disabled={form.formState.isSubmitting}>
            {form.formState.isSubmitting ? 'Sending…' : 'Send answer'}
          </Button>
        </div>
      </form>
    </section>
  );
}

/** Withdraws an open report (or deletes an unconfirmed one), after asking. */
export function WithdrawButton({ reportId, draft }: { reportId: number; draft: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  return (
    <div className="flex flex-col gap-2">
      {error && <Alert tone="error">{error}</Alert>}
      <div>
        <ConfirmDialog
          trigger={draft ? 'Cancel this report' : 'Withdraw this report'}
          title={draft ? `Cancel report #${reportId}?` : `Withdraw report #${reportId}?`}
          description={
            <p>
              {draft
                ? 'It was never sent to our staff; we will delete it.'
                : 'We will stop reviewing it and the item will no longer show as disputed. You can raise a new report later.'}
            </p>
          }
          confirmLabel={draft ? 'Cancel report' : 'Withdraw report'}
          onConfirm={async () => {
            setError(undefined);
            const r = await withdrawReportAction({ id: reportId });
            if (!r.ok) return setError(r.formError);
            // A withdrawn report's page is refreshed by the action; a deleted draft has none left.
            if (r.data.status === 'deleted') router.push('/account/reports?withdrawn=1');
          }}
        />
      </div>
    </div>
  );
}

/** The confirm step for a draft opened from the list or the emailed link. */
export function DraftConfirmation({ reportId, method, sentTo }: { reportId: number; method: 'code' | 'password'; sentTo?: string }) {
  // The confirming action refreshes the page, which then shows the confirmed report.
  return <ConfirmDraft reportId={reportId} method={method} sentTo={sentTo} onDone={() => undefined} />;
}
