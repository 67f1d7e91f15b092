/** Shapes the security pages receive from the server (mirrors server/account/security.ts). */
export interface SessionView {
  id: string;
  device: string;
  ip: string | null;
  method: 'password' | 'pin';
  createdAt: string;
  lastSeenAt: string;
  current: boolean;
}

export interface LoginEventView {
  id: number;
  success: boolean;
  method: 'password' | 'pin';
  reason: string;
  ip: string | null;
  device: string;
  at: string;
}

export interface LoginHistoryPage {
  events: LoginEventView[];
  nextBefore: number | null;
}
