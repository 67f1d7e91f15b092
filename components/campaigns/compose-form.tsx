'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { startCampaignAction } from '@/app/admin/campaigns/actions';
import { useReauthRetry } from '@/components/account/reauth';
import { useActionForm } from '@/components/forms/use-action-form';
import { Alert } from '@/components/ui/alert';
import { ConfirmPrompt } from '@/components/ui/confirm-dialog';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { SelectField } from '@/components/ui/select-field';
import { TextareaField } from '@/components/ui/textarea-field';
import { isOptionalTopic, OPTIONAL_TOPICS, TOPICS, type OptionalTopic } from '@/lib/consent';
import { campaignSchema, paragraphsOf, type CampaignInput } from '@/lib/validation/campaigns';
import { EmailPreview } from './email-preview';
import { Card } from '@/components/ui/card';

const plural = (n: number) => `${n.toLocaleString('en-GB')} customer${n === 1 ? '' : 's'}`;

/**
 * Compose, preview, confirm, send. The form validates with the shared schema;
 * "Review and send" asks for confirmation with the audience size before the
 * action runs (it checks everything again and starts the batches).
 */
export function ComposeCampaign({ counts }: { counts: Record<OptionalTopic, number> }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  // Needs the password within 5 minutes: asked for in a dialog over this one, then retried.
  const { withReauth, dialog } = useReauthRetry();
  const { form, onSubmit, formError, errorOf } = useActionForm<CampaignInput, { id: number; audience: number }>({
    schema: campaignSchema,
    action: (v) => withReauth(() => startCampaignAction(v)),
    // No topic yet: the select shows its first option, "Choose a topic" (the empty value).
    defaultValues: { subject: '', body: '' },
    onSuccess: (r) => router.push(`/admin/campaigns/${r.id}`),
  });
  const [topic, subject, body] = form.watch(['topic', 'subject', 'body']);
  const chosen = typeof topic === 'string' && isOptionalTopic(topic) ? topic : undefined;
  const review = form.handleSubmit(() => setConfirming(true));

  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <Card id="compose" title="New campaign">
        <form method="post" onSubmit={review} noValidate className="mt-4 flex flex-col gap-4" aria-labelledby="compose">
          {formError && <Alert tone="error">{formError}</Alert>}
          <SelectField label="Topic" hint="Only customers who subscribed to this topic can get it." {...form.register('topic')} error={errorOf('topic')}>
            <option value="">Choose a topic</option>
            {OPTIONAL_TOPICS.map((t) => (
              <option key={t} value={t}>
                {TOPICS[t].label} · {counts[t].toLocaleString('en-GB')} subscribed
              </option>
            ))}
          </SelectField>
          <Field label="Subject" autoComplete="off" {...form.register('subject')} error={errorOf('subject')} />
          <TextareaField
            label="Message"
            hint="Separate paragraphs with a blank line. The unsubscribe footer is added for you."
            rows={8}
            {...form.register('body')}
            error={errorOf('body')}
          />
          <div>
            <Button type="submit">Review and send</Button>
          </div>
        </form>
      </Card>
      <EmailPreview subject={subject ?? ''} paragraphs={paragraphsOf(body ?? '')} topic={chosen} />
      {dialog}
      <ConfirmPrompt
        open={confirming}
        onOpenChange={setConfirming}
        title={<>Send this campaign?</>}
        description={
          <>
            “{subject}” goes to the {chosen ? `${plural(counts[chosen])} subscribed to ${TOPICS[chosen].label.toLowerCase()}` : 'subscribers'}, less any whose address is
            suppressed. It cannot be unsent.
          </>
        }
        cancelLabel="Keep editing"
        confirmLabel="Send now"
        busy={form.formState.isSubmitting}
        onConfirm={async () => {
          await onSubmit();
          setConfirming(false);
        }}
      />
    </div>
  );
}
