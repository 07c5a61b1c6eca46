/**
 * The reports' date range, read from the page's search parameters (`?from=2026-11-01&to=2026-11-30`,
 * both inclusive calendar days in India time, the time zone the API buckets by). Anything missing
 * or malformed falls back to the last 30 days; a reversed range is put in order; a range longer
 * than the API's 400 days is cut to its last 400.
 */
export const REPORTS_TIME_ZONE = "Asia/Kolkata";

export const RANGE_PRESETS = [
  { days: 7, label: "7 days" },
  { days: 30, label: "30 days" },
  { days: 90, label: "90 days" },
  { days: 365, label: "12 months" },
] as const;

const DAY_MS = 86_400_000;
/** The longest range the insights API reports on. */
const MAX_DAYS = 400;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export type Interval = "day" | "week";

export interface DateRange {
  from: string;
  to: string;
  /** Days in the range, both ends included. */
  days: number;
  /** The series bucket that keeps a chart readable: days up to about two months, then weeks. */
  interval: Interval;
}

/** Today's calendar date in India ("2026-11-30"). */
export function todayInIndia(now: Date = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: REPORTS_TIME_ZONE }).format(now);
}

function parseDay(value: unknown): number | null {
  if (typeof value !== "string" || !ISO_DAY.test(value)) return null;
  const t = Date.parse(`${value}T00:00:00Z`);
  if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== value) return null;
  return t;
}

const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

/** `days` days ending today (India), both ends included. */
export function lastDays(days: number, now: Date = new Date()): { from: string; to: string } {
  const to = parseDay(todayInIndia(now)) as number;
  return { from: isoDay(to - (days - 1) * DAY_MS), to: isoDay(to) };
}

function intervalFor(days: number): Interval {
  return days <= 62 ? "day" : "week";
}

/** The range the search parameters ask for, made valid (see the module comment). */
export function readRange(
  search: { from?: string | string[]; to?: string | string[] },
  now = new Date(),
): DateRange {
  const fallback = lastDays(30, now);
  let from = parseDay(search.from) ?? parseDay(fallback.from) ?? 0;
  let to = parseDay(search.to) ?? parseDay(fallback.to) ?? 0;
  if (from > to) [from, to] = [to, from];
  if ((to - from) / DAY_MS + 1 > MAX_DAYS) from = to - (MAX_DAYS - 1) * DAY_MS;
  const days = Math.round((to - from) / DAY_MS) + 1;
  return { from: isoDay(from), to: isoDay(to), days, interval: intervalFor(days) };
}

/** The preset (by its days) the range equals when it ends today, if any. */
export function presetOf(range: DateRange, now = new Date()): number | null {
  if (range.to !== todayInIndia(now)) return null;
  return RANGE_PRESETS.find((p) => p.days === range.days)?.days ?? null;
}

const dayFmt = new Intl.DateTimeFormat("en-IN", { day: "numeric", month: "short", timeZone: "UTC" });
const longFmt = new Intl.DateTimeFormat("en-IN", {
  day: "numeric",
  month: "short",
  year: "numeric",
  timeZone: "UTC",
});

/** How an axis names a bucket starting on `day` (ISO date): "2 Nov" (a week by its Monday). */
export function bucketLabel(day: string): string {
  return dayFmt.format(Date.parse(`${day.slice(0, 10)}T00:00:00Z`));
}

/** "1 Nov 2026 – 30 Nov 2026". */
export function rangeLabel(range: { from: string; to: string }): string {
  const f = (d: string) => longFmt.format(Date.parse(`${d}T00:00:00Z`));
  return `${f(range.from)} – ${f(range.to)}`;
}
