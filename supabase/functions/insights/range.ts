/**
 * Report date ranges: IST calendar days (Asia/Kolkata), both ends inclusive — the days the SQL
 * functions aggregate by (supabase/migrations/20261130005100_insights_applications.sql). A user's
 * "today" is the IST day, so a 09:00 IST application is today's even though it is 03:30 UTC.
 */
import { z } from "@hono/zod-openapi";

export const REPORT_TIME_ZONE = "Asia/Kolkata" as const;
/** The longest range a report covers. */
export const MAX_RANGE_DAYS = 400;
/** The range when none is given: the last 30 IST days, today included. */
export const DEFAULT_RANGE_DAYS = 30;

const DAY_MS = 86_400_000;
const istFormat = new Intl.DateTimeFormat("en-CA", {
  timeZone: REPORT_TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** The IST calendar day of an instant, `YYYY-MM-DD`. */
export function istDay(at: Date = new Date()): string {
  return istFormat.format(at);
}

/** `day` plus `n` days (`YYYY-MM-DD`). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `a` to `b` (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/** The instant an IST day begins. */
export function istStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00+05:30`));
}

/**
 * `from` and `to` (IST days, inclusive; default the last 30 days up to today). Resolved to
 * strings; `from` after `to` or a range over {@link MAX_RANGE_DAYS} days is a 422.
 */
export const ReportRangeParams = z.object({
  from: z.iso.date().optional().openapi({
    description: `First IST day (${REPORT_TIME_ZONE}), inclusive. Default: ${
      DEFAULT_RANGE_DAYS - 1
    } days before \`to\`.`,
    example: "2026-11-01",
  }),
  to: z.iso.date().optional().openapi({
    description: "Last IST day, inclusive. Default: today (IST).",
    example: "2026-11-30",
  }),
});

/** Adds the range checks and defaults to a query schema holding {@link ReportRangeParams}. */
export function withRange<T extends { from?: string; to?: string }>(value: T, ctx: z.RefinementCtx) {
  const to = value.to ?? istDay();
  const from = value.from ?? addDays(to, -(DEFAULT_RANGE_DAYS - 1));
  if (daysBetween(from, to) < 0) {
    ctx.addIssue({ code: "custom", path: ["from"], message: "from must not be after to." });
  } else if (daysBetween(from, to) >= MAX_RANGE_DAYS) {
    ctx.addIssue({
      code: "custom",
      path: ["from"],
      message: `A report covers at most ${MAX_RANGE_DAYS} days.`,
    });
  }
}

/** The resolved range of a validated query. */
export function rangeOf(q: { from?: string; to?: string }): { from: string; to: string } {
  const to = q.to ?? istDay();
  return { from: q.from ?? addDays(to, -(DEFAULT_RANGE_DAYS - 1)), to };
}
