import 'server-only';
import { sessionCookieNameFor } from '@/lib/cookie-names';
import { env } from '../env';

/** Secure, `__Host-`-prefixed cookies whenever the app is served over HTTPS (production). */
export const secureCookies = () => env().APP_URL.startsWith('https://');

export const sessionCookieName = () => sessionCookieNameFor(env().APP_URL);

/** The waiting sign-in between its first and second step (an opaque token; the row holds only its hash). */
export const secondStepCookieName = () => (secureCookies() ? '__Host-ac.second-step' : 'ac.second-step');
/** A usernameless passkey sign-in in progress. */
export const passkeySignInCookieName = () => (secureCookies() ? '__Host-ac.passkey' : 'ac.passkey');

export const shortCookie = (minutes: number) => ({ httpOnly: true, sameSite: 'lax' as const, path: '/', secure: secureCookies(), maxAge: minutes * 60 });
