'use client';
import { useState } from 'react';
import { resendVerifyLinkAction } from '@/app/(account)/account/verification-actions';
import { resendFromLinkAction } from '@/app/(auth)/verify-email/actions';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { messageFor } from '@/lib/messages';

/**
 * "Send me a new link" for the email confirmation: for the signed-in account
 * (`email` is its address), or, on the page behind an expired link, for the
 * account and address that link was sent to (`token`).
 */
export function ResendVerifyLink(props: { email: string; token?: undefined } | { token: string; email?: undefined }) {
  const [answer, setAnswer] = useState<{ tone: 'success' | 'error'; text: string }>();
  const [pending, setPending] = useState(false);

  async function resend() {
    setPending(true);
    setAnswer(undefined);
    const r = await (props.token ? resendFromLinkAction({ token: props.token }) : resendVerifyLinkAction()).catch(() => ({ ok: false as const, formError: messageFor({ code: 'unreachable' }) }));
    setPending(false);
    if (r.ok) setAnswer({ tone: 'success', text: props.token ? messageFor({ code: 'verify_link_sent_from_link' }) : messageFor({ code: 'verify_link_sent', params: { email: props.email! } }) });
    else setAnswer({ tone: 'error', text: r.formError ?? messageFor({ code: 'unreachable' }) });
  }

  return (
    <div className="flex flex-col gap-3">
      {answer && <Alert tone={answer.tone}>{answer.text}</Alert>}
      {answer?.tone !== 'success' && (
        <div>
          <Button variant="secondary" onClick={() => void resend()} disabled={pending}>
            Send me a new link
          </Button>
        </div>
      )}
    </div>
  );
}
