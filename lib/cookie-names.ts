/** Auth.js's session cookie: `__Host-`-prefixed (and so Secure) whenever the app is served over HTTPS. */
export const sessionCookieNameFor = (appUrl: string) => (appUrl.startsWith('https://') ? '__Host-authjs.session-token' : 'authjs.session-token');
