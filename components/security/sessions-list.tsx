'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { endOtherSessionsAction, endSessionAction, signOutEverywhereAction } from '@/app/(account)/account/security/actions';
import { hardNavigate } from '@/components/hard-navigate';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { formatDateTime } from '@/lib/format';
import { describeFactors } from '@/lib/two-factor';
import type { SessionView } from '@/lib/security-types';
import { Card } from '@/components/ui/card';

async function fetchSessions(): Promise<SessionView[]> {
  const res = await fetch('/api/account/sessions', { cache: 'no-store' });
  if (res.status === 401) hardNavigate('/sign-in');
  if (!res.ok) throw new Error('Could not load your sessions.');
  return ((await res.json()) as { sessions: SessionView[] }).sessions;
}

/** Where the account is signed in, refreshed through React Query, with a way to end each session. */
export function SessionsList({ initial }: { initial: SessionView[] }) {
  const queryClient = useQueryClient();
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string }>();
  const { data: sessions } = useQuery({ queryKey: ['sessions'], queryFn: fetchSessions, initialData: initial, refetchInterval: 60_000 });
  const end = useMutation({
    mutationFn: async (id: string) => {
      const r = await endSessionAction({ id });
      if (!r.ok) throw new Error(r.formError);
      return r.data;
    },
    onSuccess: (data) => {
      if (data.signedOut) return hardNavigate('/sign-in?reason=signed-out');
      setMessage({ tone: 'success', text: 'That session is signed out.' });
      void queryClient.invalidateQueries({ queryKey: ['sessions'] });
    },
    onError: (e) => setMessage({ tone: 'error', text: e.message || 'Could not sign that session out. Try again.' }),
  });
  const others = useMutation({
    mutationFn: endOtherSessionsAction,
    onSuccess: () => {
      setMessage({ tone: 'success', text: 'Every other session is signed out.' });
      void queryClient.invalidateQueries({ queryKey: ['sessions'] });
    },
  });

  return (
    <Card id="sessions" title="Where you are signed in">
      {message && (
        <div className="mt-3">
          <Alert tone={message.tone}>{message.text}</Alert>
        </div>
      )}
      <ul className="mt-2 divide-y divide-slate-100">
        {sessions.map((s) => (
          <li key={s.id} className="flex flex-col gap-2 py-3 sm:flex-row sm:items-center sm:justify-between" data-testid="session">
            <div>
              <p className="font-medium">
                {s.device}{' '}
                {s.current && <span className="ml-1 rounded-full bg-green-100 px-2 py-0.5 text-sm text-green-900">This device</span>}
              </p>
              <p className="text-sm text-slate-700">
                {s.ip ? `IP ${s.ip} · ` : ''}signed in {formatDateTime(s.createdAt)} with {describeFactors(s.method, s.secondFactor)} · last active {formatDateTime(s.lastSeenAt)}
              </p>
            </div>
            <Button variant="secondary" onClick={() => end.mutate(s.id)} disabled={end.isPending} aria-label={`Sign out ${s.device}${s.current ? ' (this device)' : ''}`}>
              Sign out
            </Button>
          </li>
        ))}
      </ul>
      <div className="mt-4 flex flex-wrap gap-3">
        {sessions.length > 1 && (
          <Button variant="secondary" onClick={() => others.mutate()} disabled={others.isPending}>
            Sign out other sessions
          </Button>
        )}
        <form action={signOutEverywhereAction}>
          <Button type="submit" variant="danger">
            Sign out everywhere
          </Button>
        </form>
      </div>
    </Card>
  );
}
