'use client';
import { usePathname } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import { nextStatusPoll, type SessionStatus } from '@/lib/session-status';

const RETRY_MS = 1000;
const visible = () => document.visibilityState !== 'hidden';

/** `/api/session`'s answer, tried once more after a second when the request fails; undefined when both fail. */
async function fetchStatus(): Promise<SessionStatus | undefined> {
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await fetch('/api/session', { cache: 'no-store' });
      return (await res.json()) as SessionStatus;
    } catch {
      if (attempt === 1) return undefined;
      await new Promise((r) => setTimeout(r, RETRY_MS));
    }
  }
}

/**
 * The session's status as `/api/session` tells it (reading it never extends the
 * session: docs/decisions/018), without React Query, so that account pages
 * whose only reader this is do not ship it. Asked on first load and every
 * navigation, when the tab comes back into view or the device back online, on
 * the timer `nextStatusPoll` sets (every 30 s, just before the warning would
 * open, every 5 s while it is open, every second past the end; skipped while
 * the tab is hidden), and by `check()`. A failed read is tried once more after a
 * second (as the QueryClient's `retry: 1` did), then the last answer stands
 * until the next read. Only the newest read counts: an answer that arrives
 * after a later read started, or after `set`, is dropped.
 */
export function useSessionStatus(initialExpiresAt: string, warnSeconds: number) {
  const pathname = usePathname();
  const [status, setStatus] = useState<SessionStatus>(() => ({ active: true, expiresAt: initialExpiresAt }));
  const latest = useRef(0);

  const check = useCallback(() => {
    const read = ++latest.current;
    return fetchStatus().then((answer) => {
      if (answer && read === latest.current) setStatus(answer);
    });
  }, []);

  /** What the server said another way (the "Stay signed in" action's answer): a read already under way is dropped. */
  const set = useCallback((next: SessionStatus) => {
    latest.current++;
    setStatus(next);
  }, []);

  useEffect(() => {
    void check();
  }, [pathname, check]);

  useEffect(() => {
    const onVisible = () => {
      if (visible()) void check();
    };
    const onOnline = () => void check();
    document.addEventListener('visibilitychange', onVisible);
    window.addEventListener('online', onOnline);
    return () => {
      document.removeEventListener('visibilitychange', onVisible);
      window.removeEventListener('online', onOnline);
    };
  }, [check]);

  // Every answer sets the next interval; a failed read leaves the interval running, so polling never stops while the session is active.
  useEffect(() => {
    const every = nextStatusPoll(status, warnSeconds);
    if (every === false) return;
    const t = setInterval(() => {
      if (visible()) void check();
    }, every);
    return () => clearInterval(t);
  }, [status, warnSeconds, check]);

  return { status, check, set };
}
