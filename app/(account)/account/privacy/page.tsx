import { Link } from '@/components/ui/link';
import { DownloadData } from '@/components/privacy/download-data';
import { isExportRefusal } from '@/lib/privacy';
import { accountOverview } from '@/server/account/overview';
import { requireUser } from '@/server/auth/current';
import { isRecentlyReauthenticated } from '@/server/auth/reauth';
import { env } from '@/server/env';
import { exportAllowance } from '@/server/privacy/export';

export const metadata = { title: 'Download or delete' };

export default async function PrivacyPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { user, session } = await requireUser();
  const [{ export: status }, allowance, info] = await Promise.all([searchParams, exportAllowance(user.id), accountOverview(user.id)]);
  if (!info) return null;
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold">Download or delete</h1>
        <p className="mt-1 text-slate-700">Get a copy of everything we hold about you, or ask us to delete your account.</p>
      </div>
      <section id="download" aria-labelledby="download-title" className="flex flex-col gap-4 rounded-xl border border-slate-200 bg-white p-4 sm:p-6">
        <h2 id="download-title" className="text-lg font-semibold">
          Download your data
        </h2>
        <div className="flex max-w-prose flex-col gap-2 text-slate-700">
          <p>
            You get a ZIP file with every record we hold about you: your account and profile, where and when you signed in (with IP addresses), your
            communication choices and their history, inaccuracy reports, when staff looked at your information, purchases, and the messages we sent you.
          </p>
          <p>
            Inside are <code>data.json</code> (everything, for other services), one CSV file per kind of record (for spreadsheets) and <code>README.html</code>, which
            explains why we hold each kind, how long we keep it, who receives it and where it came from.
          </p>
          <p>Your password, PIN and one-time codes are never included. For your security we ask you to confirm it is you first.</p>
        </div>
        <DownloadData
          fresh={isRecentlyReauthenticated(session)}
          hasPin={info.hasPin}
          refusal={isExportRefusal(status) ? status : undefined}
          left={allowance.left}
          nextAt={allowance.nextAt?.toISOString() ?? null}
        />
      </section>
      <section aria-labelledby="delete-title" className="flex flex-col gap-3 rounded-xl border border-slate-200 bg-white p-4 sm:p-6">
        <h2 id="delete-title" className="text-lg font-semibold">
          Delete your account
        </h2>
        <div className="flex max-w-prose flex-col gap-2 text-slate-700">
          <p>
            Deleting your account removes your personal information. You have {env().DELETION_GRACE_DAYS} days to change your mind: sign in or use the link we email you to keep your account.
            After that it cannot be undone.
          </p>
          <p>Purchases are kept without your name or contact details, because tax law requires it. You may want to download your data first.</p>
        </div>
        <p>
          <Link href="/account/privacy/delete" className="inline-flex min-h-11 items-center font-medium text-red-800 underline underline-offset-2 hover:text-red-900">
            Delete my account…
          </Link>
        </p>
      </section>
    </div>
  );
}
