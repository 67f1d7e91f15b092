import { Link } from '@/components/ui/link';
import { AuthCard } from '@/components/auth/auth-card';
import { SignUpForm } from '@/components/auth/sign-up-form';
import { env } from '@/server/env';

export const metadata = { title: 'Create an account' };

export default function SignUpPage() {
  return (
    <AuthCard
      title="Create an account"
      intro="Sign in later with your username and password, or with your mobile number and a PIN."
      footer={
        <>
          Already have an account?{' '}
          <Link href="/sign-in" className="text-brand-700 underline underline-offset-2">
            Sign in
          </Link>
        </>
      }
    >
      <SignUpForm region={env().DEFAULT_PHONE_REGION} />
    </AuthCard>
  );
}
