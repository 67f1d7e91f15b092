import { desc } from 'drizzle-orm';
import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { outbox } from '@/db/schema';
import { env } from '@/server/env';

export const metadata = { title: 'Development mail' };
export const dynamic = 'force-dynamic';

/** The outbox transport's inbox, for the embedded demo and tests. 404 once a real provider is configured, and unless DEV_MAIL_VIEWER=true. */
export default async function DevMailPage() {
  // It shows every recipient's mail and codes: never where real customers are served.
  if (env().RESEND_API_KEY || !env().DEV_MAIL_VIEWER) notFound();
  const messages = await getDb().select().from(outbox).orderBy(desc(outbox.id)).limit(100);
  return (
    <main id="main" className="mx-auto max-w-3xl px-4 py-8">
      <h1 className="text-2xl font-semibold">Development mail</h1>
      <p className="mt-2 text-slate-700">Email and SMS the app sent, newest first. This page exists only while no mail provider is configured.</p>
      {messages.length === 0 && <p className="mt-6">Nothing sent yet.</p>}
      <ol className="mt-6 flex flex-col gap-4">
        {messages.map((m) => (
          <li key={m.id} className="rounded-lg border border-slate-200 bg-white p-4" data-testid="message">
            <h2 className="font-semibold">{m.subject ?? 'SMS'}</h2>
            <p className="text-sm text-slate-700">
              {m.channel === 'sms' ? 'SMS' : 'Email'} to <span data-testid="recipient">{m.recipient}</span> · <time dateTime={m.createdAt.toISOString()}>{m.createdAt.toISOString().replace('T', ' ').slice(0, 19)} UTC</time>
            </p>
            <pre className="mt-3 whitespace-pre-wrap break-words font-sans text-slate-900">{m.text}</pre>
          </li>
        ))}
      </ol>
    </main>
  );
}
