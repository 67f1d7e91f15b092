'use client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';

/**
 * React Query for what is inside: one QueryClient per mount, created on first
 * render. The staff layout wraps every staff page in it (one client while the
 * staff area stays open); account pages wrap only what reads through it (the
 * sessions list and sign-in history on /account/security, the email choices on
 * /account/communications), so the other account pages do not ship React Query.
 * Their cache lives as long as that page: a later visit starts from the
 * server's data again, and nothing one customer read stays in the tab for the next.
 */
export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(() => new QueryClient({ defaultOptions: { queries: { staleTime: 30_000, retry: 1 } } }));
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
