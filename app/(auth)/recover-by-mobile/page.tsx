import { Link } from '@/components/ui/link';
import { AuthCard } from '@/components/auth/auth-card';
import { MobileRecoveryForm } from '@/components/auth/mobile-recovery-form';
import { env } from '@/server/env';

export const metadata = { title: 'Get back in with your mobile number' };

/** For an account whose email address was never confirmed: a code texted to its confirmed mobile number (docs/decisions/023). */
export default function RecoverByMobilePage() {
  return (
    <AuthCard
      title="Get back in with your mobile number"
      intro={
        <>
          <p>If your account&apos;s email address was never confirmed but its mobile number was, we text a code to that number so you can choose a new password.</p>
          <p className="mt-2">
            Is your email address confirmed? Then use{' '}
            <Link href="/forgot-password" className="text-brand-700 underline underline-offset-2">
              the emailed link
            </Link>{' '}
            instead. Neither confirmed? Contact support: we will check it is you before we change anything.
          </p>
        </>
      }
      footer={
        <Link href="/sign-in" className="text-brand-700 underline underline-offset-2">
          Back to sign in
        </Link>
      }
    >
      <MobileRecoveryForm region={env().DEFAULT_PHONE_REGION} />
    </AuthCard>
  );
}
