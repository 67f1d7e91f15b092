import 'server-only';
import { env } from '../env';

/** Secure, `__Host-`-prefixed cookies whenever the app is served over HTTPS (production). */
export const secureCookies = () => env().APP_URL.startsWith('https://');

export const sessionCookieName = () => (secureCookies() ? '__Host-authjs.session-token' : 'authjs.session-token');
