import { Link } from '@/components/ui/link';
import { notFound } from 'next/navigation';
import { PublishPolicy } from '@/components/privacy/publish-form';
import { formatDateTime } from '@/lib/format';
import { requireStaff } from '@/server/auth/current';
import { policiesForAdmin } from '@/server/policy/versions';
import { actorOf } from '@/server/core/actor';
import { Card } from '@/components/ui/card';

export const metadata = { title: 'Privacy policy' };

/** Admins only: staff members see the same 404 as customers. */
export default async function PolicyAdminPage() {
  const actor = actorOf(await requireStaff());
  const versions = await policiesForAdmin(actor);
  if (!versions) notFound();
  return (
    <div className="flex max-w-4xl flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold">Privacy policy</h1>
        <p className="mt-1 max-w-prose text-slate-700">
          Publishing a version puts it in force at once on the{' '}
          <Link href="/privacy" className="text-brand-700 underline underline-offset-2">
            public privacy page
          </Link>
          , emails every active customer (a service message) and asks signed-in customers to acknowledge it.
        </p>
      </div>
      <Card id="versions" title="Published versions">
        {versions.length === 0 ? (
          <p className="mt-2 text-slate-700">No version has been published yet.</p>
        ) : (
          <ul className="mt-2 divide-y divide-slate-100">
            {versions.map((v, i) => (
              <li key={v.id} className="py-3" data-testid="policy-version">
                <span className="font-semibold">Version {v.version}</span>
                {i === 0 && ' (in force)'} · published {formatDateTime(v.publishedAt)}
                <span className="block text-slate-700 break-words">{v.summary}</span>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <PublishPolicy currentBody={versions[0]?.body ?? ''} />
    </div>
  );
}
