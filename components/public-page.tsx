import { Link } from '@/components/ui/link';
import type { ReactNode } from 'react';
import { SiteHeader } from '@/components/site-header';

/** The frame of a public page (the policy, the contact form, a visitor's conversation): the header with a way into the account, then the content. */
export function PublicPage({ signedIn, children, width = 'max-w-4xl' }: { signedIn: boolean; children: ReactNode; width?: string }) {
  return (
    <div className="min-h-dvh">
      <SiteHeader home="/" width={width}>
        <Link href={signedIn ? '/account' : '/sign-in'} className="text-brand-700 underline underline-offset-2">
          {signedIn ? 'Your account' : 'Sign in'}
        </Link>
      </SiteHeader>
      <main id="main" className={`mx-auto flex ${width} flex-col gap-6 px-4 py-6`}>
        {children}
      </main>
    </div>
  );
}
