import NextLink, { type LinkProps } from 'next/link';
import type { AnchorHTMLAttributes, ReactNode } from 'react';

/**
 * next/link without prefetching, for every link in the app (lint forbids importing next/link elsewhere).
 *
 * Every page here renders per request (the CSP nonce, the session), and Next keeps no
 * prefetched dynamic page for a later click (staleTimes.dynamic is 0). So a prefetch was a
 * full server render thrown away: opening /account sent 31 of them (two per link in view:
 * the nav, and "Change" or "Report a mistake" on every row), /account/security 14
 * (docs/decisions/037). A click fetches the page once, as a plain link would, and the
 * navigation stays client-side. `prefetch` can still be passed where a page is worth it.
 */
// The anchor attributes are spelled out for the type check before a build has written the typed routes.
export function Link<RouteType>({ prefetch = false, ...props }: LinkProps<RouteType> & Omit<AnchorHTMLAttributes<HTMLAnchorElement>, keyof LinkProps<RouteType>> & { children?: ReactNode }) {
  return <NextLink prefetch={prefetch} {...props} />;
}
