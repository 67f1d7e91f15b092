/** What the email and mobile actions answer when the 5-minute re-authentication window is closed; the form then asks again. */
export const NEEDS_REAUTH = 'For your security, confirm it is you again first.';
