/** One date-time format for server and browser alike (no hydration drift): "30 Nov 2026, 04:35 UTC". */
export function formatDateTime(value: string | Date): string {
  const d = typeof value === 'string' ? new Date(value) : value;
  return `${dateTime.format(d)} UTC`;
}

// Made once: toLocaleString with options builds a new formatter on every call (about 50 µs each).
const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
