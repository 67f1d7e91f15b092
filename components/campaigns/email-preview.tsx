import { TOPICS, type OptionalTopic } from '@/lib/consent';

/** How a campaign email reads: subject, paragraphs, and the footer every promotional email gets (why you get it, unsubscribe). */
export function EmailPreview({ subject, paragraphs, topic, title = 'Preview' }: { subject: string; paragraphs: string[]; topic?: OptionalTopic; title?: string }) {
  return (
    <section aria-labelledby="email-preview" className="self-start rounded-xl border border-slate-200 bg-white p-4 sm:p-6">
      <h2 id="email-preview" className="text-lg font-semibold">
        {title}
      </h2>
      <div className="mt-3 rounded-md border border-slate-200 bg-slate-50 p-4" data-testid="email-preview">
        <p className="text-sm text-slate-700">Subject</p>
        <p className="font-semibold break-words">{subject || <span className="font-normal text-slate-600">(no subject yet)</span>}</p>
        <div className="mt-3 flex flex-col gap-3 break-words">
          {paragraphs.length ? paragraphs.map((p, i) => <p key={i}>{p}</p>) : <p className="text-slate-600">(no message yet)</p>}
          <p className="text-slate-700">Account Center</p>
          <p className="border-t border-slate-200 pt-3 text-sm text-slate-700">
            You get this email because you subscribed to {topic ? TOPICS[topic].label.toLowerCase() : '…'}. <span className="underline">Unsubscribe</span> ·{' '}
            <span className="underline">Choose what we send you</span>
          </p>
        </div>
      </div>
    </section>
  );
}
