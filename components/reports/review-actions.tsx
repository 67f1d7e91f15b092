'use client';
import { useState } from 'react';
import {
  addNoteAction,
  approveReportAction,
  claimReportAction,
  extendDeadlineAction,
  reassignReportAction,
  rejectReportAction,
  releaseReportAction,
  requestInformationAction,
} from '@/app/admin/reports/actions';
import { DisclosureForm } from '@/components/forms/disclosure-form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { SelectField } from '@/components/ui/select-field';
import { TextareaField } from '@/components/ui/textarea-field';
import { formatDateTime } from '@/lib/format';
import { MAX_EXTENSION_DAYS } from '@/lib/reports';
import type { ActionResult } from '@/lib/result';
import { approveSchema, extendSchema, noteSchema, rejectSchema, requestInfoSchema } from '@/lib/validation/reports';

type Flash = { tone: 'success' | 'error'; text: string } | undefined;

/** Who holds the report, and the claim / release / reassign buttons that apply to the viewer. */
export function ClaimPanel(props: {
  reportId: number;
  open: boolean;
  holder: { id: string; username: string } | null;
  claimedAt: string | null;
  viewer: { userId: string; role: 'customer' | 'staff' | 'admin' };
  reviewers: { id: string; username: string; role: string }[];
}) {
  const [flash, setFlash] = useState<Flash>();
  const [busy, setBusy] = useState(false);
  const [target, setTarget] = useState(props.reviewers[0]?.id ?? '');
  const mine = props.holder?.id === props.viewer.userId;
  const isAdmin = props.viewer.role === 'admin';

  async function run(action: () => Promise<ActionResult<unknown>>, done: string) {
    setBusy(true);
    setFlash(undefined);
    try {
      const r = await action();
      // The action refreshes the page (refused answers too): the holder shown is the one that won.
      setFlash(r.ok ? { tone: 'success', text: done } : { tone: 'error', text: r.formError ?? 'That did not work.' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="claim-heading" className="flex flex-col gap-3 rounded-xl border border-slate-200 bg-white p-4 sm:p-6">
      <h2 id="claim-heading" className="text-lg font-semibold">
        Reviewer
      </h2>
      {flash && <Alert tone={flash.tone}>{flash.text}</Alert>}
      <p data-testid="holder">
        {!props.open
          ? 'This report is closed.'
          : props.holder
            ? mine
              ? `You hold this report${props.claimedAt ? ` (since ${formatDateTime(props.claimedAt)})` : ''}. Only you can act on it.`
              : `${props.holder.username} holds this report${props.claimedAt ? ` (since ${formatDateTime(props.claimedAt)})` : ''}. Only they can act on it.`
            : 'Nobody holds this report yet.'}
      </p>
      {props.open && (
        <div className="flex flex-wrap items-end gap-3">
          {!props.holder && (
            <Button disabled={busy} onClick={() => run(() => claimReportAction({ id: props.reportId }), 'You hold this report now.')}>
              Claim this report
            </Button>
          )}
          {props.holder && (mine || isAdmin) && (
            <Button variant="secondary" disabled={busy} onClick={() => run(() => releaseReportAction({ id: props.reportId }), 'Released: the report is back in the queue, unassigned.')}>
              Release
            </Button>
          )}
          {isAdmin && (
            <form
              method="post"
              className="flex flex-wrap items-end gap-3"
              onSubmit={(e) => {
                e.preventDefault();
                void run(() => reassignReportAction({ id: props.reportId, staffId: target }), 'Reassigned.');
              }}
            >
              <SelectField label="Reassign to" value={target} onChange={(e) => setTarget(e.target.value)}>
                {props.reviewers.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.username} ({r.role})
                  </option>
                ))}
              </SelectField>
              <Button type="submit" variant="secondary" disabled={busy}>
                Reassign
              </Button>
            </form>
          )}
        </div>
      )}
    </section>
  );
}

/** One decision form inside a disclosure; `done` is the flash shown after it. */
function DecisionForm<T extends Record<string, unknown>>({ done, onDone, ...props }: Omit<Parameters<typeof DisclosureForm<T>>[0], 'onDone'> & { done: string; onDone: (text: string) => void }) {
  return <DisclosureForm {...props} onDone={() => onDone(done)} />;
}

/** Approve, reject, ask, extend, note: shown only to the reviewer holding an open report. */
export function DecisionPanel({ reportId, itemLabel, proposed, kind, extended, dueAt }: { reportId: number; itemLabel: string; proposed: string; kind: string; extended: boolean; dueAt: string }) {
  const [flash, setFlash] = useState<Flash>();
  // Each decision's action refreshes the page itself, refused ones too.
  const common = { onDone: (text: string) => setFlash({ tone: 'success', text }) };
  const what =
    kind === 'profile'
      ? `The customer's ${itemLabel.toLowerCase()} becomes “${proposed}”; their change history will say it was corrected by staff under report #${reportId}.`
      : kind === 'contact'
        ? `The customer's ${itemLabel.toLowerCase()} becomes “${proposed}”, marked not confirmed${kind === 'contact' && itemLabel.startsWith('Email') ? ' (we email a confirmation link to it)' : ''}.`
        : `No data changes for this item: the report is closed as corrected, with your note, as our record that we agree.`;
  return (
    <section aria-labelledby="decide-heading" className="flex flex-col gap-3 rounded-xl border border-slate-200 bg-white p-4 sm:p-6">
      <h2 id="decide-heading" className="text-lg font-semibold">
        Decide
      </h2>
      {flash && <Alert tone={flash.tone}>{flash.text}</Alert>}
      <DecisionForm
        {...common}
        open
        summary="Approve and correct"
        description={<p>{what}</p>}
        schema={approveSchema}
        defaults={{ note: '' }}
        action={(v) => approveReportAction({ ...v, id: reportId })}
        done="Approved: the correction is applied and the customer is told."
        submit="Approve and apply the correction"
        fields={({ register, errorOf }) => <TextareaField label="Note to the customer (optional)" rows={2} {...register('note')} error={errorOf('note')} />}
      />
      <DecisionForm
        {...common}
        summary="Reject"
        description={<p>The report closes and the data stays as it is. The customer sees your reason.</p>}
        schema={rejectSchema}
        defaults={{ reason: '' }}
        action={(v) => rejectReportAction({ ...v, id: reportId })}
        done="Rejected: the customer is told why."
        submit="Reject the report"
        danger
        fields={({ register, errorOf }) => <TextareaField label="Reason the customer will see" {...register('reason')} error={errorOf('reason')} />}
      />
      <DecisionForm
        {...common}
        summary="Request more information"
        description={<p>The customer sees your question and can answer on the report page. You keep the report.</p>}
        schema={requestInfoSchema}
        defaults={{ question: '' }}
        action={(v) => requestInformationAction({ ...v, id: reportId })}
        done="Sent: the report waits for the customer's answer."
        submit="Ask the customer"
        fields={({ register, errorOf }) => <TextareaField label="What you need to know" {...register('question')} error={errorOf('question')} />}
      />
      {!extended && (
        <DecisionForm
          {...common}
          summary="Extend the deadline"
          description={<p>Once only, by up to {MAX_EXTENSION_DAYS} days from the current due date ({formatDateTime(dueAt)}). The customer sees the reason.</p>}
          schema={extendSchema}
          defaults={{ days: '', reason: '' }}
          action={(v) => extendDeadlineAction({ ...v, id: reportId })}
          done="Extended: the customer is told the new date and why."
          submit="Extend the deadline"
          fields={({ register, errorOf }) => (
            <>
              <Field label="Extra days" type="number" inputMode="numeric" min={1} max={MAX_EXTENSION_DAYS} {...register('days')} error={errorOf('days')} />
              <TextareaField label="Reason the customer will see" {...register('reason')} error={errorOf('reason')} />
            </>
          )}
        />
      )}
      <DecisionForm
        {...common}
        summary="Add an internal note"
        description={<p>For staff only: the customer never sees notes.</p>}
        schema={noteSchema}
        defaults={{ note: '' }}
        action={(v) => addNoteAction({ ...v, id: reportId })}
        done="Note added."
        submit="Add note"
        fields={({ register, errorOf }) => <TextareaField label="Note" rows={2} {...register('note')} error={errorOf('note')} />}
      />
    </section>
  );
}
