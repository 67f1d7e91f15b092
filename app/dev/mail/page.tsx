import { notFound } from 'next/navigation';
import { HtmlPreview } from '@/components/dev-mail/html-preview';
import { getDb } from '@/server/core/db';
import { TOPICS, type Topic } from '@/lib/consent';
import { recentOutbox } from '@/server/mail/dev-mail';
import { devMailViewerOpen } from '@/server/mail/transport';

export const metadata = { title: 'Development mail' };
export const dynamic = 'force-dynamic';

const topicLabel = (topic: string | null) => (topic && topic in TOPICS ? TOPICS[topic as Topic].label : topic);

/** The outbox transport's inbox, for the embedded demo and tests. 404 once a real provider is configured, and unless DEV_MAIL_VIEWER=true. */
export default async function DevMailPage() {
  // It shows every recipient's mail and codes: never where real customers are served.
  if (!devMailViewerOpen()) notFound();
  const messages = await recentOutbox(getDb());
  return (
    <main id="main" className="mx-auto max-w-3xl px-4 py-8">
      <h1 className="text-2xl font-semibold">Development mail</h1>
      <p className="mt-2 text-slate-700">Email and SMS the app sent, newest first. This page exists only while no mail provider is configured.</p>
      {messages.length === 0 && <p className="mt-6">Nothing sent yet.</p>}
      <ol className="mt-6 flex flex-col gap-4">
        {messages.map((m) => {
          const headers = Object.entries(m.headers ?? {});
          return (
            <li key={m.id} className="min-w-0 rounded-lg border border-slate-200 bg-white p-4" data-testid="message">
              <h2 className="font-semibold break-words">{m.subject ?? 'SMS'}</h2>
              <p className="text-sm text-slate-700">
                {m.channel === 'sms' ? 'SMS' : 'Email'} to <span data-testid="recipient">{m.recipient}</span> · <time dateTime={m.createdAt.toISOString()}>{m.createdAt.toISOString().replace('T', ' ').slice(0, 19)} UTC</time>
                {m.channel === 'email' && m.topic ? (
                  <>
                    {' '}
                    · Topic: <span data-testid="topic">{topicLabel(m.topic)}</span>
                  </>
                ) : null}
              </p>
              {headers.length > 0 && (
                <dl className="mt-2 grid gap-x-3 gap-y-1 text-sm sm:grid-cols-[max-content_minmax(0,1fr)]">
                  {headers.map(([name, value]) => (
                    <div key={name} className="contents" data-testid="header">
                      <dt className="font-medium text-slate-800">{name}</dt>
                      <dd className="break-all font-mono text-slate-700">{value}</dd>
                    </div>
                  ))}
                </dl>
              )}
              <pre className="mt-3 whitespace-pre-wrap break-words font-sans text-slate-900">{m.text}</pre>
              {m.html && <HtmlPreview html={m.html} subject={m.subject ?? 'message'} />}
            </li>
          );
        })}
      </ol>
    </main>
  );
}
