import type { Route } from 'next';
import { Link } from '@/components/ui/link';
import { Alert } from '@/components/ui/alert';
import { requireUser } from '@/server/auth/current';
import { accountPageData } from '@/server/account/pages';
import { ChangeHistory } from '@/components/account/change-history';
import { AccessLog } from '@/components/reports/access-log';
import { DisputedBadge } from '@/components/reports/badges';
import { displayName } from '@/lib/countries';
import { formatMobile } from '@/lib/validation/fields';
import { Card } from '@/components/ui/card';
import { ConfirmEmailLink, ConfirmMobileCard } from '@/components/account/account-prompts';
import { messageFor } from '@/lib/messages';

export const metadata = { title: 'Your information' };

const ADDRESS_ITEMS = ['addressLine1', 'addressLine2', 'city', 'region', 'postalCode', 'country'].map((f) => `profile.${f}`);

const longDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const date = (d: Date) => longDate.format(d);

function Row({ label, value, status, href, action, report, disputed }: { label: string; value: string; status?: string; href?: Route; action?: string; report?: string; disputed?: boolean }) {
  return (
    <div className="flex flex-col gap-1 border-b border-slate-100 py-3 last:border-0 sm:flex-row sm:items-center sm:gap-4">
      <dt className="w-40 shrink-0 text-slate-600">{label}</dt>
      <dd className="flex min-w-0 flex-1 flex-wrap items-center gap-2 break-words">
        <span className="font-medium">{value}</span>
        {status && <span className="rounded-full bg-slate-100 px-2 py-0.5 text-sm text-slate-700">{status}</span>}
        {disputed && <DisputedBadge />}
      </dd>
      {((href && action) || report) && (
        <dd className="flex flex-wrap gap-x-4">
          {href && action && (
            <Link href={href} className="text-brand-700 underline underline-offset-2">
              {action}
              <span className="sr-only"> ({label})</span>
            </Link>
          )}
          {report && (
            <Link href={`/account/reports/new?item=${encodeURIComponent(report)}`} className="text-brand-700 underline underline-offset-2">
              Report a mistake
              <span className="sr-only"> ({label})</span>
            </Link>
          )}
        </dd>
      )}
    </div>
  );
}

export default async function AccountPage({ searchParams }: { searchParams: Promise<{ welcome?: string }> }) {
  const { user, session } = await requireUser();
  // One statement for everything below (the session was the request's other one).
  const { info, profile, changes, disputed, access } = await accountPageData(user.id);
  // Inaccuracy reports: every item links to "Report a mistake" and shows whether it is disputed.
  const rep = (item: string) => ({ report: item, disputed: disputed.has(item) });
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
          Welcome, {info.username}! Your account is ready. We sent a link to {info.email} to confirm your email address
          {info.mobile && !info.mobileVerifiedAt ? ` and a code to ${formatMobile(info.mobile)} to confirm your mobile number` : ''}.
        </Alert>
      )}
      {info.mobile && info.role === 'customer' && <ConfirmMobileCard mobile={formatMobile(info.mobile)} confirmed={!!info.mobileVerifiedAt} variant="card" />}
      {!info.emailVerifiedAt && (
        <Card id="confirm-email" title="Confirm your email address">
          <p className="mt-1 mb-3 text-slate-700">{messageFor({ code: 'email_unconfirmed', params: { email: info.email } })}</p>
          <ConfirmEmailLink email={info.email} />
        </Card>
      )}
      <Card id="identity" title="Identity">
        <dl className="mt-2">
          <Row label="Username" value={info.username} {...rep('account.username')} />
          <Row label="Email" value={info.email} status={info.emailVerifiedAt ? 'Confirmed' : 'Not confirmed'} href="/account/profile" action="Change" {...rep('email')} />
          <Row label="Mobile number" value={info.mobile ? formatMobile(info.mobile) : 'Not given'} status={info.mobile ? (info.mobileVerifiedAt ? 'Confirmed' : 'Not confirmed') : undefined} href="/account/profile" action={info.mobile ? 'Change' : 'Add'} {...rep('mobile')} />
          <Row label="Account created" value={date(info.createdAt)} {...rep('account.createdAt')} />
        </dl>
      </Card>
      <Card id="profile" title="Profile">
        <dl className="mt-2">
          <Row label="Full name" value={show(profile.fullName)} href="/account/profile" action={profile.fullName ? 'Change' : 'Add'} {...rep('profile.fullName')} />
          <Row label="Preferred name" value={show(profile.preferredName)} href="/account/profile" action={profile.preferredName ? 'Change' : 'Add'} {...rep('profile.preferredName')} />
          <Row label="Date of birth" value={show(profile.dateOfBirth)} href="/account/profile" action={profile.dateOfBirth ? 'Change' : 'Add'} {...rep('profile.dateOfBirth')} />
          <Row label="Company" value={show(profile.company)} href="/account/profile" action={profile.company ? 'Change' : 'Add'} {...rep('profile.company')} />
          <Row label="Postal address" value={address || 'Not given'} href="/account/profile" action={address ? 'Change' : 'Add'} report="profile.addressLine1" disputed={ADDRESS_ITEMS.some((i) => disputed.has(i))} />
          <Row label="Language" value={profile.preferredLanguage ? displayName('language', profile.preferredLanguage) : 'Not given'} href="/account/profile" action={profile.preferredLanguage ? 'Change' : 'Add'} {...rep('profile.preferredLanguage')} />
          <Row label="Time zone" value={show(profile.timeZone)} href="/account/profile" action={profile.timeZone ? 'Change' : 'Add'} {...rep('profile.timeZone')} />
        </dl>
      </Card>
      <Card id="signin" title="Sign-in methods">
        <dl className="mt-2">
          <Row label="Password" value="Set" href="/account/security" action="Change" />
          <Row label="Mobile and PIN" value={info.hasPin ? 'Set' : 'Not set'} href="/account/security" action={info.hasPin ? 'Change' : 'Set up'} />
          <Row label="This session" value={`Signed in with ${session.authMethod === 'pin' ? 'mobile number and PIN' : 'password'}`} />
        </dl>
      </Card>
      <ChangeHistory changes={changes} />
      <AccessLog entries={access} />
    </div>
  );
}
