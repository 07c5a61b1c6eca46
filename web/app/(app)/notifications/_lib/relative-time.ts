/**
 * "just now", "5 minutes ago", "3 hours ago", "yesterday", "4 days ago", then a date
 * ("12 Nov 2026") — how a notification says when it happened. `now` is injectable for tests.
 */
const rtf = new Intl.RelativeTimeFormat("en-IN", { numeric: "auto" });
const date = new Intl.DateTimeFormat("en-IN", { day: "numeric", month: "short", year: "numeric" });
const full = new Intl.DateTimeFormat("en-IN", { dateStyle: "medium", timeStyle: "short" });

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function relativeTime(iso: string, now: number = Date.now()): string {
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) return "";
  const ago = now - then;
  if (ago < MINUTE) return "just now";
  if (ago < HOUR) return rtf.format(-Math.floor(ago / MINUTE), "minute");
  if (ago < DAY) return rtf.format(-Math.floor(ago / HOUR), "hour");
  if (ago < 7 * DAY) return rtf.format(-Math.floor(ago / DAY), "day");
  return date.format(then);
}

/** The exact time, for a tooltip: "26 Nov 2026, 10:05 am". */
export function exactTime(iso: string): string {
  const then = new Date(iso);
  return Number.isNaN(then.getTime()) ? "" : full.format(then);
}
