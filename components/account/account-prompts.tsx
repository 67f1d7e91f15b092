'use client';
import dynamic from 'next/dynamic';
import { useState, type ComponentProps } from 'react';
import type { ConfirmMobile } from './confirm-mobile';

/*
 * /account's "confirm your mobile number" and "confirm your email address"
 * cards, whose code is fetched only when the page shows one: most visits show
 * neither, and the mobile form alone brings react-hook-form and the messages.
 * Rendered on the server as before (the same HTML); a page that shows one
 * preloads its code with the page and hydrates it when it arrives.
 */
const LazyConfirmMobile = dynamic(() => import('./confirm-mobile').then((m) => m.ConfirmMobile));
export const ConfirmEmailLink = dynamic(() => import('@/components/auth/resend-verify-link').then((m) => m.ResendVerifyLink));

/**
 * ConfirmMobile shows nothing for a number confirmed before this visit (only
 * its "confirmed" message once it is confirmed here), so for one its code is
 * not fetched. Kept from the first render: the refresh after confirming here
 * still shows that message.
 */
export function ConfirmMobileCard(props: ComponentProps<typeof ConfirmMobile>) {
  const [unconfirmedAtFirst] = useState(!props.confirmed);
  return unconfirmedAtFirst ? <LazyConfirmMobile {...props} /> : null;
}
