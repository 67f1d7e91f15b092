import { Link } from '@/components/ui/link';
import { Alert } from '@/components/ui/alert';
import { AuthCard } from './auth-card';
import { ForgotForm } from './forgot-form';
import { ResetSecretForm } from './reset-form';

type Kind = 'password' | 'pin';
const noun = (kind: Kind) => (kind === 'pin' ? 'PIN' : 'password');

export function ForgotCard({ kind }: { kind: Kind }) {
  return (
    <AuthCard
      title={`Forgot your ${noun(kind)}?`}
      intro={kind === 'pin' ? 'We will email a single-use link to the confirmed email address of your account.' : 'We will email a single-use link to the email address of your account.'}
      footer={
        <Link href="/sign-in" className="text-brand-700 underline underline-offset-2">
          Back to sign in
        </Link>
      }
    >
      <ForgotForm kind={kind} />
      {kind === 'password' && (
        <div className="mt-6 border-t border-slate-200 pt-4 text-slate-700">
          <h2 className="font-semibold text-slate-900">Cannot get into that email?</h2>
          <p className="mt-1">
            If your email address was never confirmed but your mobile number was, we can text you a code instead.{' '}
            <Link href="/recover-by-mobile" className="text-brand-700 underline underline-offset-2">
              Get a code by text message
            </Link>
            . Otherwise, contact support: we will check it is you before we change anything.
          </p>
        </div>
      )}
    </AuthCard>
  );
}

/** The page behind an emailed reset link; `valid` is decided on the server. */
export function ResetCard({ kind, token, valid }: { kind: Kind; token: string; valid: boolean }) {
  return (
    <AuthCard title={`Choose a new ${noun(kind)}`}>
      {valid ? (
        <ResetSecretForm kind={kind} token={token} />
      ) : (
        <Alert tone="error">
          This link has expired or was already used.{' '}
          <Link href={`/forgot-${kind}`} className="underline underline-offset-2">
            Ask for a new one
          </Link>
          .
        </Alert>
      )}
    </AuthCard>
  );
}
