'use client';
import { Link } from '@/components/ui/link';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { submitContactAction } from '@/app/contact/actions';
import { useActionForm } from '@/components/forms/use-action-form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { SelectField } from '@/components/ui/select-field';
import { TextareaField } from '@/components/ui/textarea-field';
import { CONTACT_MESSAGE_MAX, CONTACT_TOPICS, CONTACT_UNVERIFIED_HOURS, TOPIC_LABELS, type ContactTopic } from '@/lib/contact';
import { contactSchema, type ContactInput } from '@/lib/validation/contact';

type Sent = { sentTo: string; id?: number };
type SubmitData = Extract<Awaited<ReturnType<typeof submitContactAction>>, { ok: true }>['data'];

/**
 * The contact form, for visitors and signed-in customers. A customer's
 * confirmed account address is filled in and their message goes straight to
 * our staff; any other address gets a link to confirm first. The `website`
 * field is a honeypot: hidden from people (and from assistive technology), so
 * only robots fill it in.
 */
export function ContactForm({ account, initialTopic }: { account: { email: string; verified: boolean } | null; initialTopic: ContactTopic | '' }) {
  const router = useRouter();
  const [sent, setSent] = useState<Sent>();
  const { form, onSubmit, formError, errorOf } = useActionForm<ContactInput, SubmitData>({
    schema: contactSchema,
    action: submitContactAction,
    defaultValues: { topic: initialTopic as ContactTopic, message: '', email: account?.email ?? '', website: '' },
    onSuccess: (r) => {
      if (r.status === 'sent') router.push(`/account/messages/${r.id}?sent=1`);
      else setSent({ sentTo: r.sentTo, id: r.id });
    },
  });

  if (sent) return <CheckYourEmail sent={sent} onAnother={() => (form.reset({ topic: '' as ContactTopic, message: '', email: account?.email ?? '', website: '' }), setSent(undefined))} />;

  const email = form.watch('email');
  const fromAccount = !!account?.verified && email.trim().toLowerCase() === account.email.toLowerCase();
  return (
    <form method="post" onSubmit={onSubmit} noValidate className="flex flex-col gap-5 rounded-xl border border-slate-200 bg-white p-4 sm:p-6" aria-labelledby="contact-title">
      {formError && <Alert tone="error">{formError}</Alert>}
      <SelectField label="What is your message about?" {...form.register('topic')} error={errorOf('topic')}>
        <option value="">Choose a topic…</option>
        {CONTACT_TOPICS.map((t) => (
          <option key={t} value={t}>
            {TOPIC_LABELS[t]}
          </option>
        ))}
      </SelectField>
      <TextareaField
        label="Your message"
        rows={8}
        hint={`Up to ${CONTACT_MESSAGE_MAX} characters. Please do not send passwords, PINs or card numbers.`}
        {...form.register('message')}
        error={errorOf('message')}
      />
      <Field
        label="Email address for our answer"
        type="email"
        autoComplete="email"
        hint={
          fromAccount
            ? 'Your confirmed account address: your message goes straight to our staff, and you can follow it under Messages in your account.'
            : `We email a link to this address; your message reaches our staff once you open it (within ${CONTACT_UNVERIFIED_HOURS} hours).`
        }
        {...form.register('email')}
        error={errorOf('email')}
      />
      {/* Honeypot: off-screen, out of the tab order and hidden from screen readers; people never fill it in. */}
      <div aria-hidden="true" className="absolute -left-[10000px] top-auto h-px w-px overflow-hidden">
        <label htmlFor="contact-website">Leave this field empty</label>
        <input id="contact-website" type="text" tabIndex={-1} autoComplete="off" {...form.register('website')} />
      </div>
      <div>
        <Button type="submit" disabled={form.formState.isSubmitting}>
          {form.formState.isSubmitting ? 'Sending…' : 'Send message'}
        </Button>
      </div>
    </form>
  );
}

function CheckYourEmail({ sent, onAnother }: { sent: Sent; onAnother: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section aria-labelledby="check-email" className="flex flex-col gap-4 rounded-xl border border-slate-200 bg-white p-4 sm:p-6">
      <h2 id="check-email" ref={heading} tabIndex={-1} className="text-xl font-semibold">
        Check your email
      </h2>
      <Alert tone="success">
        We sent a link to <span className="font-semibold break-all">{sent.sentTo}</span>. Open it within {CONTACT_UNVERIFIED_HOURS} hours to send your message to our staff: until
        then nobody reads it. If nothing arrives, check your spam folder, or write again.
      </Alert>
      {sent.id && (
        <p>
          You can also follow it under{' '}
          <Link href={`/account/messages/${sent.id}`} className="text-brand-700 underline underline-offset-2">
            message #{sent.id}
          </Link>{' '}
          in your account.
        </p>
      )}
      <div>
        <Button variant="secondary" onClick={onAnother}>
          Write another message
        </Button>
      </div>
    </section>
  );
}
