'use client';
import { Link } from '@/components/ui/link';
import { useState } from 'react';
import { completeTwoStepResetAction } from '@/app/(auth)/actions';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';

export function TwoStepResetForm({ token }: { token: string }) {
  const [state, setState] = useState<{ done?: boolean; error?: string; busy?: boolean }>({});
  if (state.done) {
    return (
      <div className="flex flex-col gap-4">
        <Alert tone="success">Two-step sign-in is off and every device was signed out. Sign in with your password, then set up a new second step under Security.</Alert>
        <Link href="/sign-in" className="text-brand-700 underline underline-offset-2">
          Sign in
        </Link>
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-4">
      {state.error && <Alert tone="error">{state.error}</Alert>}
      <Button
        variant="danger"
        disabled={state.busy}
        onClick={async () => {
          setState({ busy: true });
          const result = await completeTwoStepResetAction({ token });
          setState(result.ok ? { done: true } : { error: result.formError });
        }}
      >
        Turn off two-step sign-in
      </Button>
    </div>
  );
}
