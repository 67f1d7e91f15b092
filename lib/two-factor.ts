/** Numbers and names of two-step sign-in shared by client and server (issue 12). */
export const RECOVERY_CODE_COUNT = 10;
/** How long a sign-in may wait between its first and second step. */
export const SECOND_STEP_MINUTES = 5;
/** Wrong second steps before the waiting sign-in is dropped (the account's throttle counts too). */
export const SECOND_STEP_ATTEMPTS = 5;
/** TOTP: 30-second steps, 6 digits, one step of clock drift either way. */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DRIFT_SECONDS = 30;
export const TOTP_ISSUER = 'Account Center';
export const PASSKEY_NAME_MAX = 60;

export type SecondFactorKind = 'totp' | 'passkey' | 'recovery_code';

/** What a session's sign-in proved, in words for the session list. */
export function describeFactors(method: string, secondFactor: string | null): string {
  const words: Record<string, string> = { password: 'password', pin: 'PIN', passkey: 'passkey', totp: 'authenticator app', recovery_code: 'recovery code' };
  return [method, secondFactor].filter((m): m is string => !!m).map((m) => words[m] ?? m).join(' + ');
}

/** Which ways an account has to give its second step again (staff re-authentication). */
export type SecondStepChoice = { totp: boolean; passkey: boolean };
