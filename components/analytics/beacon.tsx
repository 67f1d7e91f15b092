'use client';
import { usePathname } from 'next/navigation';
import { useEffect } from 'react';
import { BEACON_PATH, MAX_TIME_ON_PAGE_MS, MIN_TIME_ON_PAGE_MS, referrerInfo, routePatternFor, viewportClass, type Beacon, type DomainType } from '@/lib/analytics';

/** The pathname of the previous page of ours in this document, for soft navigations. */
let previousPath: string | null = null;

/** Do Not Track or Global Privacy Control: then nothing is measured or sent. */
function optedOut() {
  const n = navigator as Navigator & { globalPrivacyControl?: boolean };
  const w = window as Window & { doNotTrack?: string };
  return n.doNotTrack === '1' || w.doNotTrack === '1' || n.globalPrivacyControl === true;
}

/**
 * Anonymous analytics: one beacon per page view, sent when the visitor leaves
 * the page (another page of ours, the tab hidden, the page unloaded). It
 * carries the route pattern (never the real path, ids or query), the time the
 * page was visible (capped), the referring host and its type, and a viewport
 * class. No cookie is read or set, and nothing at all happens under DNT or GPC.
 */
export function AnalyticsBeacon() {
  const pathname = usePathname();

  useEffect(() => {
    if (typeof navigator.sendBeacon !== 'function' || optedOut()) return;
    const cameFromOurPage = previousPath !== null && previousPath !== pathname;
    previousPath = pathname;
    const route = routePatternFor(pathname);
    if (!route) return;
    const referrer: { host: string | null; type: DomainType } = cameFromOurPage ? { host: null, type: 'internal' } : referrerInfo(document.referrer, location.host);

    let visibleMs = 0;
    let since: number | null = document.visibilityState === 'visible' ? performance.now() : null;
    let sent = false;
    const pause = () => {
      if (since !== null) visibleMs += performance.now() - since;
      since = null;
    };
    const send = () => {
      if (sent) return;
      pause();
      sent = true;
      const timeMs = Math.min(Math.round(visibleMs), MAX_TIME_ON_PAGE_MS);
      if (timeMs < MIN_TIME_ON_PAGE_MS) return;
      const beacon: Beacon = { v: 1, route, timeMs, referrerHost: referrer.host, referrerType: referrer.type, viewport: viewportClass(window.innerWidth) };
      try {
        navigator.sendBeacon(BEACON_PATH, JSON.stringify(beacon));
      } catch {
        // Analytics never gets in the visitor's way.
      }
    };
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') send();
      else if (!sent && since === null) since = performance.now();
    };
    // Restored from the back/forward cache: a new view of the same page.
    const onPageShow = (e: PageTransitionEvent) => {
      if (!e.persisted) return;
      sent = false;
      visibleMs = 0;
      since = performance.now();
    };
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('pagehide', send);
    window.addEventListener('pageshow', onPageShow);
    return () => {
      // The pathname changed (a soft navigation) or the layout went away: this view ends here.
      send();
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('pagehide', send);
      window.removeEventListener('pageshow', onPageShow);
    };
  }, [pathname]);

  return null;
}
