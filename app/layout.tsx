import type { Metadata, Viewport } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { AnalyticsBeacon } from '@/components/analytics/beacon';
import { SiteFooter } from '@/components/site-footer';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Account Center', template: '%s · Account Center' },
  description: 'See and control everything we hold about you.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

// Every page renders per request: the CSP nonce (proxy.ts) must reach Next's scripts.
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body className="min-h-dvh">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
          Skip to content
        </a>
        {children}
        <SiteFooter />
        <AnalyticsBeacon />
      </body>
    </html>
  );
}
