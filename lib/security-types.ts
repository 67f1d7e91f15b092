export type AuthMethodName = 'password' | 'pin' | 'passkey' | 'totp' | 'recovery_code';

/** Shapes the security pages receive from the server (mirrors server/account/security.ts). */
export interface SessionView {
  id: string;
  device: string;
  ip: string | null;
  method: AuthMethodName;
  /** The second step this sign-in passed, if any. */
  secondFactor: AuthMethodName | null;
  createdAt: string;
  lastSeenAt: string;
  current: boolean;
}

export interface LoginEventView {
  id: number;
  success: boolean;
  method: AuthMethodName;
  reason: string;
  ip: string | null;
  device: string;
  at: string;
}

export interface LoginHistoryPage {
  events: LoginEventView[];
  nextBefore: number | null;
}

export interface PasskeyView {
  id: string;
  name: string;
  addedAt: string;
  lastUsedAt: string | null;
  /** A synced passkey (multi-device), e.g. in a password manager. */
  synced: boolean;
}

export interface TwoFactorView {
  totp: { addedAt: string; lastUsedAt: string | null } | null;
  passkeys: PasskeyView[];
  recoveryCodesLeft: number;
}
