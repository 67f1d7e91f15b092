import { AuthCard } from '@/components/auth/auth-card';
import { TwoStepResetForm } from '@/components/auth/two-step-reset-form';

export const metadata = { title: 'Turn off two-step sign-in' };

/** Behind the emailed link: opening it changes nothing; the button does. */
export default async function ResetTwoStepPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const token = (await searchParams).token;
  return (
    <AuthCard title="Turn off two-step sign-in" intro="This removes your authenticator app, passkeys and recovery codes and signs out every device. You then sign in with your password alone and can set up a new second step.">
      <TwoStepResetForm token={typeof token === 'string' ? token : ''} />
    </AuthCard>
  );
}
