import { Link } from '@/components/ui/link';
import { cookies } from 'next/headers';
import { AuthCard } from '@/components/auth/auth-card';
import { SecondStepForm } from '@/components/auth/second-step-form';
import { Alert } from '@/components/ui/alert';
import { secondStepCookieName } from '@/server/auth/cookies';
import { secondStepMethods } from '@/server/auth/second-step';

export const metadata = { title: 'Second step' };

/** After a right password or PIN of an account with a second factor: nothing is signed in until this passes. */
export default async function SecondStepPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = typeof params.next === 'string' ? params.next : undefined;
  const token = (await cookies()).get(secondStepCookieName())?.value ?? '';
  const methods = await secondStepMethods(token);
  if (!methods) {
    return (
      <AuthCard title="Second step">
        <div className="flex flex-col gap-4">
          <Alert tone="info">This sign-in has ended (it waits 5 minutes for its second step). Start again.</Alert>
          <Link href="/sign-in" className="text-brand-700 underline underline-offset-2">
            Back to sign in
          </Link>
        </div>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Second step" intro="Your password or PIN was right. Now confirm it is you with your second step.">
      <SecondStepForm totp={methods.totp} passkey={methods.passkey} recoveryCode={methods.recoveryCode} next={next} />
    </AuthCard>
  );
}
