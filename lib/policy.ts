/** Numbers that are policy (DESIGN.md); env can override the session timeouts on the server. */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;
export const PIN_MIN = 6;
export const PIN_MAX = 12;
export const USERNAME_MIN = 3;
export const USERNAME_MAX = 32;
export const EMAIL_MAX = 254;
export const RESET_LINK_MINUTES = 30;
export const CODE_MINUTES = 10;
export const CODE_ATTEMPTS = 5;
