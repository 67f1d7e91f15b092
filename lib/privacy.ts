/** Numbers and words of "Download your data" and the account activity list, shared by the server and the pages. */

/** Downloads allowed per customer in any rolling window of EXPORT_WINDOW_HOURS. */
export const EXPORT_LIMIT = 3;
export const EXPORT_WINDOW_HOURS = 24;

/** Why a download was refused; the route redirects back to /account/privacy?export=<code> and the page says it plainly. */
export const EXPORT_REFUSALS = {
  signed_out: 'Sign in to download your data.',
  reauth: 'For your security, confirm it is you again, then download.',
  busy: 'A download of your data is already being prepared. Wait for it to finish, then try again if you need another copy.',
  limit: `You can download your data ${EXPORT_LIMIT} times in ${EXPORT_WINDOW_HOURS} hours, and you have reached that.`,
  forbidden: 'That request did not come from this site, so nothing was downloaded.',
} as const;
export type ExportRefusal = keyof typeof EXPORT_REFUSALS;
export const isExportRefusal = (s: unknown): s is ExportRefusal => typeof s === 'string' && Object.hasOwn(EXPORT_REFUSALS, s);

/** Kinds of `security_events` rows and how the customer sees them (the deletion work inserts the last two). */
export const SECURITY_EVENT_LABELS: Record<string, string> = {
  data_export: 'Your data was downloaded',
  deletion_scheduled: 'Account deletion was scheduled',
  deletion_cancelled: 'Account deletion was cancelled',
};
export const securityEventLabel = (kind: string) => SECURITY_EVENT_LABELS[kind] ?? 'Account event';

export interface SecurityEventView {
  id: string;
  kind: string;
  label: string;
  ip: string | null;
  device: string;
  at: string;
}
