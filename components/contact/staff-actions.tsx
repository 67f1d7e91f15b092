'use client';
import { useMemo, useState } from 'react';
import {
  addMessageNoteAction,
  claimMessageAction,
  closeMessageAction,
  convertMessageAction,
  releaseMessageAction,
  replyToMessageAction,
  sendHelpAction,
} from '@/app/admin/messages/actions';
import { DisclosureForm } from '@/components/forms/disclosure-form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Field } from '@/components/ui/field';
import { SelectField } from '@/components/ui/select-field';
import { TextareaField } from '@/components/ui/textarea-field';
import { CONTACT_MESSAGE_MAX, HELP_LINKS, type HelpKind } from '@/lib/contact';
import { formatDateTime } from '@/lib/format';
import type { ActionResult } from '@/lib/result';
import { convertSchema, staffNoteSchema, staffReplySchema, type ConvertInput } from '@/lib/validation/contact';

type Flash = { tone: 'success' | 'error'; text: string } | undefined;

/** Runs one button's action and says how it went (the action refreshes the page: the thread and the audit entries moved). */
function useRun() {
  const [flash, setFlash] = useState<Flash>();
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<ActionResult<unknown>>, done: string) => {
    setBusy(true);
    setFlash(undefined);
    try {
      const r = await action();
      // The action refreshes the page, refused answers too (the thread and the audit entries moved).
      setFlash(r.ok ? { tone: 'success', text: done } : { tone: 'error', text: r.formError ?? 'That did not work.' });
      return r.ok;
    } finally {
      setBusy(false);
    }
  };
  return { flash, setFlash, busy, run };
}

/** Who holds the message, and claim / release. */
export function HolderPanel(props: { conversationId: number; open: boolean; holder: { id: string; username: string } | null; claimedAt: string | null; viewer: { userId: string; role: string } }) {
  const { flash, busy, run } = useRun();
  const mine = props.holder?.id === props.viewer.userId;
  const since = props.claimedAt ? ` (since ${formatDateTime(props.claimedAt)})` : '';
  return (
    <section aria-labelledby="holder-heading" className="flex flex-col gap-3 rounded-xl border border-slate-200 bg-white p-4 sm:p-6">
      <h2 id="holder-heading" className="text-lg font-semibold">
        Who answers
      </h2>
      {flash && <Alert tone={flash.tone}>{flash.text}</Alert>}
      <p data-testid="holder">
        {!props.open
          ? 'This conversation is closed.'
          : props.holder
            ? mine
              ? `You hold this message${since}. Only you can act on it.`
              : `${props.holder.username} holds this message${since}. Only they can act on it.`
            : 'Nobody holds this message yet.'}
      </p>
      {props.open && (
        <div className="flex flex-wrap gap-3">
          {!props.holder && (
            <Button disabled={busy} onClick={() => run(() => claimMessageAction({ conversationId: props.conversationId }), 'You hold this message now.')}>
              Claim this message
            </Button>
          )}
          {props.holder && (mine || props.viewer.role === 'admin') && (
            <Button variant="secondary" disabled={busy} onClick={() => run(() => releaseMessageAction({ conversationId: props.conversationId }), 'Released: the message is back in the inbox.')}>
              Release
            </Button>
          )}
        </div>
      )}
    </section>
  );
}

/**
 * What the holder can do: answer, send help, note, turn into a report, close.
 * Answers and help go out as service email; notes stay with staff.
 */
export function AnswerPanel(props: {
  conversationId: number;
  forCustomer: boolean;
  region: string;
  firstMessage: string;
  items: { key: string; label: string }[];
}) {
  const { flash, setFlash, busy, run } = useRun();
  const id = props.conversationId;
  const done = (text: string) => () => {
    setFlash({ tone: 'success', text });
  };
  const schema = useMemo(() => convertSchema(props.region), [props.region]);
  const help = (kind: HelpKind) => run(() => sendHelpAction({ conversationId: id, kind }), `Sent: a link to “${HELP_LINKS[kind].label}” is on its way.`);
  return (
    <section aria-labelledby="answer-heading" className="flex flex-col gap-3 rounded-xl border border-slate-200 bg-white p-4 sm:p-6">
      <h2 id="answer-heading" className="text-lg font-semibold">
        Answer
      </h2>
      {flash && <Alert tone={flash.tone}>{flash.text}</Alert>}
      <DisclosureForm
        open
        summary="Write an answer"
        description={<p>{props.forCustomer ? 'The customer is emailed that you answered, and reads it in their account.' : 'The visitor gets your answer by email, with a link to write back.'}</p>}
        schema={staffReplySchema}
        defaults={{ conversationId: id, message: '' }}
        action={(v) => replyToMessageAction(v)}
        submit="Send answer"
        onDone={done('Sent: your answer is on its way.')}
        resetOnSuccess
        fields={({ register, errorOf }) => <TextareaField label="Your answer" rows={6} hint={`Up to ${CONTACT_MESSAGE_MAX} characters. Sent as written.`} {...register('message')} error={errorOf('message')} />}
      />
      <details className="rounded-md border border-slate-200 p-3">
        <summary className="min-h-11 cursor-pointer content-center font-semibold">Help with a download or a deletion</summary>
        <p className="mt-3 text-slate-700">Customers download or delete their data themselves, after signing in. This sends them the link and counts as our answer.</p>
        <div className="mt-3 flex flex-wrap gap-3">
          <Button variant="secondary" disabled={busy} onClick={() => help('export')}>
            Send the download link
          </Button>
          <Button variant="secondary" disabled={busy} onClick={() => help('deletion')}>
            Send the deletion link
          </Button>
        </div>
      </details>
      <DisclosureForm
        summary="Add an internal note"
        description={<p>For staff only: the writer never sees notes.</p>}
        schema={staffNoteSchema}
        defaults={{ conversationId: id, note: '' }}
        action={(v) => addMessageNoteAction(v)}
        submit="Add note"
        onDone={done('Note added.')}
        resetOnSuccess
        fields={({ register, errorOf }) => <TextareaField label="Note" rows={3} {...register('note')} error={errorOf('note')} />}
      />
      {props.forCustomer && (
        <DisclosureForm<ConvertInput & Record<string, unknown>>
          summary="Turn into an inaccuracy report"
          description={<p>For a correction: opens a confirmed report in the report queue (reviewed like every report) and closes this message, pointing to it.</p>}
          schema={schema}
          defaults={{ conversationId: id, item: props.items[0]?.key ?? '', proposedValue: '', explanation: props.firstMessage, statement: '' }}
          action={(v) => convertMessageAction(v)}
          submit="Open the report"
          onDone={done('The report is open and the customer is told.')}
          resetOnSuccess
          fields={({ register, errorOf }) => (
            <>
              <SelectField label="What is wrong?" {...register('item')} error={errorOf('item')}>
                {props.items.map((i) => (
                  <option key={i.key} value={i.key}>
                    {i.label}
                  </option>
                ))}
              </SelectField>
              <Field label="The correct value" autoComplete="off" {...register('proposedValue')} error={errorOf('proposedValue')} />
              <TextareaField label="Why it is wrong (from the message)" rows={4} {...register('explanation')} error={errorOf('explanation')} />
            </>
          )}
        />
      )}
      <div>
        <ConfirmDialog
          trigger="Close this conversation"
          title={`Close message #${id}?`}
          description={<p>Nothing more is owed on it. The writer is emailed that it is closed.</p>}
          confirmLabel="Close conversation"
          onConfirm={async () => void (await run(() => closeMessageAction({ conversationId: id }), 'Closed.'))}
        />
      </div>
    </section>
  );
}
