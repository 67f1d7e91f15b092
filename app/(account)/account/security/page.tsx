import { ConfirmMobile } from '@/components/account/confirm-mobile';
import { Providers } from '@/components/providers';
import { AccountActivity } from '@/components/security/account-activity';
import { LoginHistory } from '@/components/security/login-history';
import { ChangePasswordForm, PinForm } from '@/components/security/secret-forms';
import { SessionsList } from '@/components/security/sessions-list';
import { TwoStep } from '@/components/security/two-step';
import { securityPageData } from '@/server/account/pages';
import { requireUser } from '@/server/auth/current';
import { isStaffRole } from '@/server/auth/sessions';
import { formatMobile } from '@/lib/validation/fields';

export const metadata = { title: 'Security' };

export default async function SecurityPage() {
  const { user, session } = await requireUser();
  const { sessions, history, info, activity, twoStep } = await securityPageData(user, session.id);
  if (!info) return null;
  // React Query for the sessions list and the sign-in history, on this page only.
  return (
    <Providers>
      <div className="flex flex-col gap-6">
        <div>
          <h1 className="text-2xl font-semibold">Security</h1>
          <p className="mt-1 text-slate-700">Check where you are signed in and your recent sign-ins. Sign out before you leave a shared computer, and keep your password to yourself.</p>
        </div>
        <SessionsList initial={sessions} />
        <section aria-labelledby="secrets" className="flex flex-col gap-8 rounded-xl border border-slate-200 bg-white p-4 sm:p-6">
          <h2 id="secrets" className="text-lg font-semibold">
            Password and PIN
          </h2>
          <ChangePasswordForm />
          {!isStaffRole(user.role) && info.mobile && <ConfirmMobile mobile={formatMobile(info.mobile)} confirmed={!!info.mobileVerifiedAt} variant="inline" />}
          {!isStaffRole(user.role) && <PinForm hasPin={info.hasPin} hasMobile={!!info.mobile} mobileConfirmed={!!info.mobileVerifiedAt} />}
        </section>
        <TwoStep view={twoStep} hasPin={info.hasPin} isStaff={isStaffRole(user.role)} />
        <AccountActivity events={activity} />
        <LoginHistory initial={history} />
      </div>
    </Providers>
  );
}
