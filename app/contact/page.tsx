import { Link } from '@/components/ui/link';
import { ContactForm } from '@/components/contact/contact-form';
import { PublicPage } from '@/components/public-page';
import { CONTACT_DEADLINE_DAYS, CONTACT_TOPICS, type ContactTopic } from '@/lib/contact';
import { getDb } from '@/server/core/db';
import { currentSession } from '@/server/auth/current';
import { replyAddressFor } from '@/server/contact/customer';

export const metadata = { title: 'Contact us' };

/** Public: anyone can write to us; a signed-in customer's confirmed address is filled in. `?topic=` preselects a topic (links from the policy). */
export default async function ContactPage({ searchParams }: { searchParams: Promise<{ topic?: string }> }) {
  const session = await currentSession();
  const signedIn = session.state === 'active';
  const account = signedIn ? await replyAddressFor(getDb(), session.user.id) : null;
  const { topic } = await searchParams;
  const initialTopic = (CONTACT_TOPICS as readonly string[]).includes(topic ?? '') ? (topic as ContactTopic) : '';
  return (
    <PublicPage signedIn={signedIn} width="max-w-2xl">
      <div>
        <h1 id="contact-title" className="text-3xl font-semibold">
          Contact us
        </h1>
        <p className="mt-2 text-slate-700">
          Ask us what we hold about you, ask us to correct or delete it, stop our emails, or anything else. A member of staff answers every message within{' '}
          {CONTACT_DEADLINE_DAYS} days.
        </p>
        {signedIn ? (
          <p className="mt-2 text-slate-700">
            Many things you can do yourself, at once, in{' '}
            <Link href="/account" className="text-brand-700 underline underline-offset-2">
              your account
            </Link>
            : see and correct your information, choose your emails, download your data or delete your account.
          </p>
        ) : (
          <p className="mt-2 text-slate-700">
            Have an account?{' '}
            <Link href="/sign-in?next=%2Fcontact" className="text-brand-700 underline underline-offset-2">
              Sign in
            </Link>{' '}
            first and you can follow our answer in your account.
          </p>
        )}
      </div>
      <ContactForm account={account} initialTopic={initialTopic} />
    </PublicPage>
  );
}
