import type { Route } from 'next';
import { Link } from '@/components/ui/link';
import type { ReactNode } from 'react';

/** A sub-page's heading: a link back to its parent section, the h1, and whatever goes under it (badges, an intro). */
export function PageHeader({ back, title, titleId, children }: { back: { href: Route; label: string }; title: ReactNode; titleId?: string; children?: ReactNode }) {
  return (
    <div>
      <p>
        <Link href={back.href} className="text-brand-700 underline underline-offset-2">
          {back.label}
        </Link>
      </p>
      <h1 id={titleId} className="mt-2 text-2xl font-semibold">
        {title}
      </h1>
      {children}
    </div>
  );
}
