import { z } from 'zod';
import { DOMAIN_TYPES, MAX_REPORT_DAYS, MAX_TIME_ON_PAGE_MS, ROUTE_PATTERNS, VIEWPORT_CLASSES, daysBetween } from './analytics';

/*
 * The analytics schemas, apart from lib/analytics.ts: the beacon on every page
 * imports that module, and zod would otherwise ship to every visitor of every
 * page (docs/decisions/034). Only the server (ingestion, the staff report) parses.
 */

/** The beacon body. Unknown keys, unknown routes and out-of-range numbers are refused. */
export const beaconSchema = z
  .object({
    v: z.literal(1),
    route: z.enum(ROUTE_PATTERNS),
    // Anything up to a day is accepted and capped; beyond that it is junk.
    timeMs: z.number().int().min(0).max(24 * 3_600_000).transform((ms) => Math.min(ms, MAX_TIME_ON_PAGE_MS)),
    referrerHost: z.string().max(253).nullable(),
    referrerType: z.enum(DOMAIN_TYPES),
    viewport: z.enum(VIEWPORT_CLASSES),
  })
  .strict();
export type Beacon = z.input<typeof beaconSchema>;

const isRealDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
const isoDate = z
  .string({ error: 'Enter a date' })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'Enter a date as YYYY-MM-DD', abort: true })
  .refine(isRealDate, 'Enter a real date');

/** The date range of the analytics report (UTC days, both ends included). */
export const reportRangeSchema = z
  .object({ from: isoDate, to: isoDate })
  .superRefine((r, ctx) => {
    if (!isRealDate(r.from) || !isRealDate(r.to)) return;
    if (r.from > r.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'The end date must be on or after the start date' });
    else if (daysBetween(r.from, r.to) + 1 > MAX_REPORT_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: `Choose at most ${MAX_REPORT_DAYS} days` });
  });
export type ReportRange = z.infer<typeof reportRangeSchema>;
