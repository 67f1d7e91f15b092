/** What `/api/session` answers: the session's true end, or why it has ended. */
export type SessionStatus = { active: true; expiresAt: string } | { active: false; reason: string };

/** How often an idle page asks anyway: a session ended elsewhere (signed out everywhere) leaves the screen within this. */
export const STATUS_POLL_MS = 30_000;
/** While the warning shows: a "Stay signed in" or a page opened in another tab closes it here soon after. */
export const WARNING_POLL_MS = 5_000;

/**
 * When the idle dialog asks `/api/session` next (ms), or never once the session
 * has ended. Background reads do not extend a session and the page cannot see
 * activity in other tabs, so it asks the server rather than trusting the expiry
 * it was rendered with.
 */
export function nextStatusPoll(status: SessionStatus | undefined, warnSeconds: number, now = Date.now()): number | false {
  if (!status?.active) return false;
  const expiresAt = Date.parse(status.expiresAt);
  // Past the end: keep asking until the server agrees (a device clock running ahead of the server's reaches zero first).
  if (expiresAt <= now) return 1000;
  const untilWarning = expiresAt - warnSeconds * 1000 - now;
  if (untilWarning <= 0) return WARNING_POLL_MS;
  // Ask again just before the warning would open, so it opens only if the server still says so.
  return Math.max(1000, Math.min(STATUS_POLL_MS, untilWarning - 2000));
}
