'use client';
import { useState } from 'react';
import { publishPolicyAction } from '@/app/admin/policy/actions';
import { useReauthRetry } from '@/components/account/reauth';
import { useActionForm } from '@/components/forms/use-action-form';
import { Alert } from '@/components/ui/alert';
import { ConfirmPrompt } from '@/components/ui/confirm-dialog';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { TextareaField } from '@/components/ui/textarea-field';
import { policySchema, type PolicyInput } from '@/lib/validation/policy';
import { PolicyBody } from './policy-body';
import { Card } from '@/components/ui/card';

/** Publish a new version, starting from the text in force; preview it as customers will read it; confirm. */
export function PublishPolicy({ currentBody }: { currentBody: string }) {
  const [confirming, setConfirming] = useState(false);
  // Needs the password within 5 minutes: asked for in a dialog over this one, then retried.
  const { withReauth, dialog } = useReauthRetry();
  const [preview, setPreview] = useState(false);
  const [published, setPublished] = useState<string>();
  const empty = { version: '', summary: '', body: currentBody };
  const { form, onSubmit, formError, errorOf } = useActionForm<PolicyInput, { id: number; version: string }>({
    schema: policySchema,
    action: (v) => withReauth(() => publishPolicyAction(v)),
    defaultValues: empty,
    onSuccess: (r) => {
      setPublished(r.version);
      form.reset({ ...empty, body: form.getValues('body') });
    },
  });
  const [version, body] = form.watch(['version', 'body']);

  return (
    <Card id="publish" title="Publish a new version">
      {published && (
        <div className="mt-3">
          <Alert tone="success">Version {published} is published. Customers are being emailed in batches and will be asked to acknowledge it.</Alert>
        </div>
      )}
      <form
        method="post"
        onSubmit={form.handleSubmit(() => {
          setPublished(undefined);
          setConfirming(true);
        })}
        noValidate
        className="mt-4 flex flex-col gap-4"
        aria-labelledby="publish"
      >
        {formError && <Alert tone="error">{formError}</Alert>}
        <Field
          label="Version label"
          hint="Shown to customers, for example 2026-12. Each label is used once."
          autoComplete="off"
          {...form.register('version')}
          error={errorOf('version')}
        />
        <TextareaField
          label="Summary of changes"
          hint="Customers see this in the notice, the email and the list of versions."
          {...form.register('summary')}
          error={errorOf('summary')}
        />
        <TextareaField
          label="Policy text"
          hint="A line starting with # is a section heading, ## a subheading; lines starting with - form a list; a blank line starts a new paragraph."
          rows={16}
          {...form.register('body')}
          error={errorOf('body')}
        />
        <div className="flex flex-wrap gap-3">
          <Button type="submit">Review and publish</Button>
          <Button variant="secondary" aria-expanded={preview} aria-controls="policy-preview" onClick={() => setPreview((p) => !p)}>
            {preview ? 'Hide preview' : 'Preview'}
          </Button>
        </div>
      </form>
      {preview && (
        <div id="policy-preview" className="mt-4 rounded-md border border-slate-200 bg-slate-50 p-4">
          <p className="mb-2 text-sm font-medium text-slate-700">Preview</p>
          <PolicyBody text={body ?? ''} headingLevel={3} />
        </div>
      )}
      {dialog}
      <ConfirmPrompt
        open={confirming}
        onOpenChange={setConfirming}
        title={<>Publish version {version}?</>}
        description={
          <>It is in force at once. Every active customer gets an email about it, and signed-in customers are asked to acknowledge it. A published version cannot be withdrawn.</>
        }
        cancelLabel="Keep editing"
        confirmLabel="Publish now"
        busy={form.formState.isSubmitting}
        onConfirm={async () => {
          await onSubmit();
          setConfirming(false);
        }}
      />
    </Card>
  );
}
