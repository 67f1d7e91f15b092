'use client';
import { useState } from 'react';
import { passkeySignInOptionsAction, signInWithPasskeyAction } from '@/app/(auth)/actions';
import { askForPasskey } from '@/components/auth/passkey-client';
import { hardNavigate } from '@/components/hard-navigate';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';

/** Usernameless sign-in: the browser offers this site's passkeys; the device checks it is you. */
export function PasskeySignIn({ next }: { next?: string }) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  async function signIn() {
    setBusy(true);
    setError(undefined);
    try {
      const options = await passkeySignInOptionsAction();
      if (!options.ok) return setError(options.formError);
      const answer = await askForPasskey(options.data);
      if (!answer.ok) return setError(answer.message);
      const result = await signInWithPasskeyAction({ response: answer.response, next });
      if (result.ok) return hardNavigate(result.data.redirectTo);
      setError(result.formError);
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="mt-6 flex flex-col gap-3 border-t border-slate-200 pt-6">
      {error && <Alert tone="error">{error}</Alert>}
      <Button variant="secondary" onClick={signIn} disabled={busy}>
        {busy ? 'Waiting for your passkey…' : 'Continue with a passkey'}
      </Button>
    </div>
  );
}
