'use client';
import { useId, useRef, useState } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { reportNotMeAction } from '@/app/(account)/account/security/actions';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { ConfirmPrompt, confirmPromptTrigger, useBusy } from '@/components/ui/confirm-dialog';
import { formatDateTime } from '@/lib/format';
import type { LoginHistoryPage } from '@/lib/security-types';
import { Card } from '@/components/ui/card';

async function fetchPage(before: number | null): Promise<LoginHistoryPage> {
  const res = await fetch(`/api/account/login-history${before ? `?before=${before}` : ''}`, { cache: 'no-store' });
  if (!res.ok) throw new Error('Could not load your sign-in history.');
  return (await res.json()) as LoginHistoryPage;
}

const REASONS: Record<string, string> = {
  ok: 'Signed in',
  bad_credentials: 'Wrong password or PIN',
  locked: 'Refused: too many attempts',
  second_step: 'Right password or PIN; second step asked',
  bad_second_factor: 'Second step failed',
};

const METHODS: Record<string, string> = { password: 'password', pin: 'mobile and PIN', passkey: 'passkey', totp: 'authenticator app', recovery_code: 'recovery code' };

/** 90 days of sign-in attempts, paged through React Query; each can be reported as "This wasn't me". */
export function LoginHistory({ initial }: { initial: LoginHistoryPage }) {
  const query = useInfiniteQuery({
    queryKey: ['login-history'],
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextBefore,
    initialData: { pages: [initial], pageParams: [null] },
  });
  const events = query.data.pages.flatMap((p) => p.events);
  // One prompt for the whole list (every row asks the same thing), opened by the row's button, focus back to it on close.
  const [asking, setAsking] = useState<number | null>(null);
  const { busy, run } = useBusy();
  const promptId = useId();
  const opener = useRef<HTMLButtonElement | null>(null);
  return (
    <Card id="history" title="Sign-in activity (last 90 days)">
      <p className="mt-1 text-slate-700">If you do not recognise an attempt, choose &ldquo;This wasn&rsquo;t me&rdquo;: we sign out every device and you choose a new password.</p>
      {query.isError && (
        <div className="mt-3">
          <Alert tone="error">{query.error.message}</Alert>
        </div>
      )}
      {events.length === 0 ? (
        <p className="mt-3">No sign-in activity yet.</p>
      ) : (
        <ul className="mt-2 divide-y divide-slate-100">
          {events.map((e) => (
            <li key={e.id} className="flex flex-col gap-2 py-3 sm:flex-row sm:items-center sm:justify-between" data-testid="login-event">
              <div>
                <p className={`font-medium ${e.success ? '' : 'text-red-800'}`}>
                  {REASONS[e.reason] ?? e.reason} · {METHODS[e.method] ?? e.method}
                </p>
                <p className="text-sm text-slate-700">
                  {formatDateTime(e.at)} · {e.device}
                  {e.ip ? ` · IP ${e.ip}` : ''}
                </p>
              </div>
              <Button
                variant="link"
                className="min-h-11 px-2"
                aria-label={`This wasn't me: ${REASONS[e.reason] ?? e.reason} at ${formatDateTime(e.at)}`}
                {...confirmPromptTrigger(asking === e.id, promptId)}
                onClick={(ev) => {
                  opener.current = ev.currentTarget;
                  setAsking(e.id);
                }}
              >
                This wasn&apos;t me
              </Button>
            </li>
          ))}
        </ul>
      )}
      <ConfirmPrompt
        open={asking !== null}
        onOpenChange={(open) => !open && setAsking(null)}
        shared={{ id: promptId, returnFocus: () => opener.current }}
        title="Secure your account?"
        description={<p>We will sign out every device, including this one, and switch off your password and PIN. We will email you a link to choose a new password.</p>}
        confirmLabel="Secure my account"
        danger
        busy={busy}
        onConfirm={() =>
          run(async () => {
            await reportNotMeAction();
            setAsking(null);
          })
        }
      />
      {query.hasNextPage && (
        <Button variant="secondary" className="mt-3" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
          {query.isFetchingNextPage ? 'Loading…' : 'Show older activity'}
        </Button>
      )}
    </Card>
  );
}
