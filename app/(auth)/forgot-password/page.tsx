import Link from 'next/link';
import { AuthCard } from '@/components/auth/auth-card';
import { ForgotForm } from '@/components/auth/forgot-form';

export const metadata = { title: 'Forgot your password' };

export default function ForgotPasswordPage() {
  return (
    <AuthCard
      title="Forgot your password?"
      intro="We will email a single-use link to the confirmed email address of your account."
      footer={
        <Link href="/sign-in" className="text-brand-700 underline underline-offset-2">
          Back to sign in
        </Link>
      }
    >
      <ForgotForm kind="password" />
    </AuthCard>
  );
}
