import { ChangeHistory } from '@/components/account/change-history';
import { Completeness } from '@/components/account/completeness';
import { ContactChange } from '@/components/account/contact-change';
import { ProfileForm } from '@/components/account/profile-form';
import { savedChoices } from '@/server/account/profile-choices';
import { completeness, pickFields } from '@/server/account/profile';
import { profilePageData } from '@/server/account/pages';
import { requireUser } from '@/server/auth/current';
import { isRecentlyReauthenticated, STEP_UP } from '@/server/auth/reauth';
import { env } from '@/server/env';
import { formatMobile } from '@/lib/validation/fields';
import { PROFILE_FIELD_NAMES } from '@/lib/validation/profile';
import { profileItem } from '@/lib/reports';
import { Card } from '@/components/ui/card';

export const metadata = { title: 'Profile' };

export default async function ProfilePage() {
  const { user, session } = await requireUser();
  const { profile, info, changes, disputed } = await profilePageData(user.id);
  if (!info) return null;
  const fields = pickFields(profile);
  const done = completeness(fields);
  // The contact forms skip straight to the new address only after a password re-authentication.
  const fresh = isRecentlyReauthenticated(session, undefined, STEP_UP.contactChange);
  const region = env().DEFAULT_PHONE_REGION;
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold">Profile</h1>
        <p className="mt-1 text-slate-700">View, correct, complete or remove your personal information.</p>
      </div>
      <Completeness filled={done.filled} total={done.total} missing={done.missing} fieldIdPrefix="profile-" />
      <Card id="contact" title="Contact details">
        <ContactChange kind="email" current={info.email} verified={!!info.emailVerifiedAt} hasPin={info.hasPin} reauthFresh={fresh} region={region} disputed={disputed.has('email')} />
        <ContactChange kind="mobile" current={info.mobile && formatMobile(info.mobile)} verified={!!info.mobileVerifiedAt} hasPin={info.hasPin} reauthFresh={fresh} region={region} disputed={disputed.has('mobile')} />
      </Card>
      <section aria-labelledby="personal-details" className="rounded-xl border border-slate-200 bg-white p-4 sm:p-6">
        <h2 id="personal-details" className="mb-4 text-lg font-semibold">
          Personal details
        </h2>
        <ProfileForm initial={fields} version={profile.version} saved={savedChoices(fields)} disputed={PROFILE_FIELD_NAMES.filter((f) => disputed.has(profileItem(f)))} />
      </section>
      <ChangeHistory changes={changes} />
    </div>
  );
}
