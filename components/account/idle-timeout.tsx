'use client';
import { hardNavigate } from '@/components/hard-navigate';
import { lazy, Suspense, useEffect, useState } from 'react';
import { staySignedIn } from '@/app/(account)/account/actions';
import { useLazyDialog } from '@/components/ui/lazy-dialog';
import { useSessionStatus } from './use-session-status';

const loadDialog = () => import('./idle-warning-dialog');
const IdleWarningDialog = lazy(() => loadDialog().then((m) => ({ default: m.IdleWarningDialog })));

const timedOut = () => hardNavigate('/sign-in?reason=timeout');
/** Only an idle or absolute expiry is a "timeout"; a revoked session (signed out elsewhere) just goes to sign-in. */
const ended = (reason: string) => hardNavigate(reason === 'idle_timeout' || reason === 'absolute_timeout' ? '/sign-in?reason=timeout' : '/sign-in');

/**
 * Warns `warnSeconds` before the idle timeout and offers "Stay signed in". The
 * server decides: the status endpoint reads the session row without extending
 * it (background reads never do: docs/decisions/018), and is re-read on every
 * navigation, when the tab comes back into view, every 30 seconds, and just
 * before the warning would open (useSessionStatus: no React Query, which most
 * account pages would otherwise load for this alone).
 */
export function IdleTimeout({ initialExpiresAt, warnSeconds }: { initialExpiresAt: string; warnSeconds: number }) {
  const { status: data, check, set } = useSessionStatus(initialExpiresAt, warnSeconds);
  const [now, setNow] = useState(() => Date.now());
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);

  const expiresAt = data.active ? Date.parse(data.expiresAt) : 0;
  const remaining = Math.max(0, Math.round((expiresAt - now) / 1000));
  const warn = data.active && remaining <= warnSeconds;
  const { mounted } = useLazyDialog(warn, loadDialog);
  // Its code is fetched a minute before the warning is due, so the warning is not held up by a download.
  const dueSoon = data.active && remaining <= warnSeconds + 60;
  useEffect(() => {
    if (dueSoon) loadDialog().catch(() => {});
  }, [dueSoon]);

  const endedReason = data.active ? null : data.reason;
  useEffect(() => {
    if (endedReason) ended(endedReason);
    else if (remaining === 0) void check();
  }, [endedReason, remaining, check]);

  async function stay() {
    setBusy(true);
    try {
      const result = await staySignedIn();
      if (result.ok) set({ active: true, expiresAt: result.data.expiresAt });
      else timedOut();
    } catch {
      timedOut();
    } finally {
      setBusy(false);
    }
  }

  const minutes = Math.floor(remaining / 60);
  const seconds = String(remaining % 60).padStart(2, '0');
  // Radix Dialog loads when the warning first opens, not with every account page.
  return <Suspense fallback={null}>{mounted && <IdleWarningDialog open={warn} minutes={minutes} seconds={seconds} busy={busy} onStay={() => void stay()} />}</Suspense>;
}
