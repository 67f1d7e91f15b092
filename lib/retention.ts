/** How long each kind of record is kept; the sweeps in server/jobs/sweeps.ts enforce these. */
export const RETENTION = {
  /** Login history (success and failure, with IP and device), as the privacy policy promises. */
  loginHistoryDays: 90,
  /** A session row is deleted this long after its absolute expiry, whether it ended by timeout or was revoked. */
  sessionMarginHours: 24,
  /** One-time codes and links are deleted this long after they expired or were used. */
  verificationHours: 24,
  /** Raw analytics beacons are rolled up into daily aggregates, then deleted after this long. */
  rawAnalyticsHours: 24,
  /**
   * The body of a sent message (which may hold a code or a link) is blanked
   * this long after it was sent; its recipient, subject and date stay as the
   * record of what we sent, which customers see in their data export.
   */
  mailBodyDays: 7,
  /**
   * A throttle row (a sign-in identifier or an IP address with its failure
   * count) is deleted once it is unlocked and this long has passed since its
   * last attempt: the longest counting window of any throttle policy
   * (server/auth/throttle.ts; a test holds every policy to it), after which the
   * row no longer changes any answer.
   */
  throttleQuietHours: 24,
} as const;
