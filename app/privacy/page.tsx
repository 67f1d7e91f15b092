import { Link } from '@/components/ui/link';
import { SiteHeader } from '@/components/site-header';
import { PolicyBody } from '@/components/privacy/policy-body';
import { CONTACT_DEADLINE_DAYS } from '@/lib/contact';
import { formatDateTime } from '@/lib/format';
import { publishedPolicies } from '@/server/policy/versions';

export const metadata = { title: 'Privacy policy' };

/** Public: the policy in force and every earlier version with what changed. */
export default async function PrivacyPage() {
  const [current, ...earlier] = await publishedPolicies();
  return (
    <div className="min-h-dvh">
      <SiteHeader home="/" width="max-w-4xl">
        <Link href="/account" className="text-brand-700 underline underline-offset-2">
          Your account
        </Link>
      </SiteHeader>
      <main id="main" className="mx-auto flex max-w-4xl flex-col gap-6 px-4 py-6">
        <div>
          <h1 className="text-3xl font-semibold">Privacy policy</h1>
          {current ? (
            <p className="mt-2 text-slate-700" data-testid="current-version">
              Version {current.version}, in force since {formatDateTime(current.publishedAt)}.
            </p>
          ) : (
            <p className="mt-2 text-slate-700">Our privacy policy has not been published yet. Please check back soon.</p>
          )}
        </div>
        <section aria-labelledby="contact-us" className="max-w-prose rounded-md border border-slate-200 bg-white px-4 py-3">
          <h2 id="contact-us" className="font-semibold">
            Questions or requests about your information
          </h2>
          <p className="mt-1">
            To see, correct, complete or remove what we hold about you, to stop our emails, or to ask anything else,{' '}
            <Link href="/contact" className="text-brand-700 underline underline-offset-2">
              contact us
            </Link>
            . We answer every message within {CONTACT_DEADLINE_DAYS} days.
          </p>
        </section>
        {current && (
          <>
            <section aria-labelledby="what-changed" className="max-w-prose rounded-md border border-brand-100 bg-brand-50 px-4 py-3 text-brand-800">
              <h2 id="what-changed" className="font-semibold">
                What changed in this version
              </h2>
              <p className="mt-1 whitespace-pre-line">{current.summary}</p>
            </section>
            <article aria-label={`Privacy policy, version ${current.version}`}>
              <PolicyBody text={current.body} />
            </article>
          </>
        )}
        {earlier.length > 0 && (
          <section aria-labelledby="earlier" className="border-t border-slate-200 pt-6">
            <h2 id="earlier" className="text-xl font-semibold">
              Earlier versions
            </h2>
            <ul className="mt-3 flex flex-col gap-3">
              {earlier.map((v) => (
                <li key={v.id}>
                  <details className="rounded-md border border-slate-200 bg-white" data-testid="earlier-version">
                    <summary className="min-h-11 cursor-pointer px-4 py-3 font-medium">
                      Version {v.version}, published {formatDateTime(v.publishedAt)}
                    </summary>
                    <div className="flex flex-col gap-3 border-t border-slate-200 px-4 py-3">
                      <p className="whitespace-pre-line">
                        <span className="font-semibold">What changed: </span>
                        {v.summary}
                      </p>
                      <PolicyBody text={v.body} headingLevel={3} />
                    </div>
                  </details>
                </li>
              ))}
            </ul>
          </section>
        )}
      </main>
    </div>
  );
}
