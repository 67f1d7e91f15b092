import { Link } from '@/components/ui/link';
import { Alert } from '@/components/ui/alert';
import { DeleteAccountForm } from '@/components/privacy/delete-account-form';
import { STAFF_CANNOT_DELETE } from '@/lib/deletion';
import { accountOverview } from '@/server/account/overview';
import { requireUser } from '@/server/auth/current';
import { isRecentlyReauthenticated } from '@/server/auth/reauth';
import { isStaffRole } from '@/server/auth/sessions';
import { env } from '@/server/env';
import { Card } from '@/components/ui/card';

export const metadata = { title: 'Delete your account' };

const linkClass = 'text-brand-700 underline underline-offset-2';

export default async function DeleteAccountPage() {
  const { user, session } = await requireUser();
  const info = await accountOverview(user.id);
  const graceDays = env().DELETION_GRACE_DAYS;
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold">Delete your account</h1>
        <p className="mt-1 text-slate-700">
          We delete your account {graceDays} days after you confirm. Until then you can change your mind: sign in and choose &ldquo;Keep my account&rdquo;, or use the link we email you.
        </p>
      </div>

      <Card id="download" title="Before you go: download your data">
        <p className="mt-1 text-slate-700">
          Once your account is deleted we cannot give you a copy.{' '}
          <Link href="/account/privacy" className={linkClass}>
            Download your data first
          </Link>
          .
        </p>
      </Card>

      <div className="grid gap-6 lg:grid-cols-2">
        <Card id="deleted" title="What we delete">
          <ul className="mt-2 list-disc space-y-1 pl-5 text-slate-700">
            <li>Your username, email address, mobile number, password and PIN</li>
            <li>Your profile: name, address, date of birth and the rest</li>
            <li>Where and when you signed in, and your devices</li>
            <li>Your communication choices and their history</li>
            <li>Your inaccuracy reports and their timelines</li>
            <li>The emails and text messages we sent you</li>
          </ul>
        </Card>
        <Card id="kept" title="What we keep, without your name">
          <ul className="mt-2 list-disc space-y-1 pl-5 text-slate-700">
            <li>
              Your{' '}
              <Link href="/account/purchases" className={linkClass}>
                purchases
              </Link>
              : date, description, amount and card type with its last four digits. Tax law makes us keep them; nothing links them to you any more.
            </li>
            <li>That an account existed and when it was deleted.</li>
            <li>A scrambled form of your email address, so that no marketing email ever reaches it again.</li>
            <li>When our staff looked at your account, without any notes about you.</li>
          </ul>
        </Card>
      </div>

      <Card id="now" title="What happens when you confirm">
        <ul className="mt-2 list-disc space-y-1 pl-5 text-slate-700">
          <li>You are signed out on every device.</li>
          <li>Marketing emails stop at once, and stay off even if you keep your account.</li>
          <li>We email you a link to cancel.</li>
          <li>Signing in during the next {graceDays} days shows the date and lets you keep your account; nothing else can be used meanwhile.</li>
        </ul>
      </Card>

      <div className="rounded-xl border border-red-200 bg-white p-4 sm:p-6">
        {isStaffRole(user.role) ? (
          <Alert tone="info">{STAFF_CANNOT_DELETE}</Alert>
        ) : (
          <DeleteAccountForm reauthFresh={isRecentlyReauthenticated(session)} hasPin={!!info?.hasPin} graceDays={graceDays} />
        )}
      </div>
    </div>
  );
}
