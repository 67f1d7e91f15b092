import Link from 'next/link';
import { Alert } from '@/components/ui/alert';
import { requireUser } from '@/server/auth/current';
import { accountOverview } from '@/server/account/overview';
import { getProfile, recentChanges } from '@/server/account/profile';
import { ChangeHistory } from '@/components/account/change-history';
import { displayName } from '@/lib/countries';
import { formatMobile } from '@/lib/validation/fields';

export const metadata = { title: 'Your information' };

const date = (d: Date) => d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

function Row({ label, value, status, href, action }: { label: string; value: string; status?: string; href?: string; action?: string }) {
  return (
    <div className="flex flex-col gap-1 border-b border-slate-100 py-3 last:border-0 sm:flex-row sm:items-center sm:gap-4">
      <dt className="w-40 shrink-0 text-slate-600">{label}</dt>
      <dd className="flex min-w-0 flex-1 flex-wrap items-center gap-2 break-words">
        <span className="font-medium">{value}</span>
        {status && <span className="rounded-full bg-slate-100 px-2 py-0.5 text-sm text-slate-700">{status}</span>}
      </dd>
      {href && action && (
        <dd>
          <Link href={href} className="text-brand-700 underline underline-offset-2">
            {action}
            <span className="sr-only"> ({label})</span>
          </Link>
        </dd>
      )}
    </div>
  );
}

export default async function AccountPage({ searchParams }: { searchParams: Promise<{ welcome?: string }> }) {
  const { user, session } = await requireUser();
  const [info, profile, changes] = await Promise.all([accountOverview(user.id), getProfile(user.id), recentChanges(user.id, 5)]);
  const { welcome } = await searchParams;
  if (!info) return null;
  const show = (v: string | null) => v ?? 'Not given';
  const address = [profile.addressLine1, profile.addressLine2, profile.city, profile.region, profile.postalCode, profile.country && displayName('region', profile.country)].filter(Boolean).join(', ');
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold">Your information</h1>
        <p className="mt-1 text-slate-700">Everything we hold about you, and where to change it.</p>
      </div>
      {welcome && (
        <Alert tone="success">
          Welcome, {info.username}! Your account is ready. We sent a link to {info.email} to confirm your email address.
        </Alert>
      )}
      <section aria-labelledby="identity" className="rounded-xl border border-slate-200 bg-white p-4 sm:p-6">
        <h2 id="identity" className="text-lg font-semibold">
          Identity
        </h2>
        <dl className="mt-2">
          <Row label="Username" value={info.username} />
          <Row label="Email" value={info.email} status={info.emailVerifiedAt ? 'Confirmed' : 'Not confirmed'} href="/account/profile" action="Change" />
          <Row label="Mobile number" value={info.mobile ? formatMobile(info.mobile) : 'Not given'} status={info.mobile ? (info.mobileVerifiedAt ? 'Confirmed' : 'Not confirmed') : undefined} href="/account/profile" action={info.mobile ? 'Change' : 'Add'} />
          <Row label="Account created" value={date(info.createdAt)} />
        </dl>
      </section>
      <section aria-labelledby="profile" className="rounded-xl border border-slate-200 bg-white p-4 sm:p-6">
        <h2 id="profile" className="text-lg font-semibold">
          Profile
        </h2>
        <dl className="mt-2">
          <Row label="Full name" value={show(profile.fullName)} href="/account/profile" action={profile.fullName ? 'Change' : 'Add'} />
          <Row label="Preferred name" value={show(profile.preferredName)} href="/account/profile" action={profile.preferredName ? 'Change' : 'Add'} />
          <Row label="Date of birth" value={show(profile.dateOfBirth)} href="/account/profile" action={profile.dateOfBirth ? 'Change' : 'Add'} />
          <Row label="Company" value={show(profile.company)} href="/account/profile" action={profile.company ? 'Change' : 'Add'} />
          <Row label="Postal address" value={address || 'Not given'} href="/account/profile" action={address ? 'Change' : 'Add'} />
          <Row label="Language" value={profile.preferredLanguage ? displayName('language', profile.preferredLanguage) : 'Not given'} href="/account/profile" action={profile.preferredLanguage ? 'Change' : 'Add'} />
          <Row label="Time zone" value={show(profile.timeZone)} href="/account/profile" action={profile.timeZone ? 'Change' : 'Add'} />
        </dl>
      </section>
      <section aria-labelledby="signin" className="rounded-xl border border-slate-200 bg-white p-4 sm:p-6">
        <h2 id="signin" className="text-lg font-semibold">
          Sign-in methods
        </h2>
        <dl className="mt-2">
          <Row label="Password" value="Set" href="/account/security" action="Change" />
          <Row label="Mobile and PIN" value={info.hasPin ? 'Set' : 'Not set'} href="/account/security" action={info.hasPin ? 'Change' : 'Set up'} />
          <Row label="This session" value={`Signed in with ${session.authMethod === 'pin' ? 'mobile number and PIN' : 'password'}`} />
        </dl>
      </section>
      <ChangeHistory changes={changes} />
    </div>
  );
}
