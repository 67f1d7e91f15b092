/** Durations and a clock helper for tests that pass `now` explicitly to domain functions. */
export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

/** `base` moved by `ms` (negative: earlier). */
export const at = (base: Date, ms: number) => new Date(base.getTime() + ms);
