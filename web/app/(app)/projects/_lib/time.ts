const rtf = new Intl.RelativeTimeFormat("en-IN", { numeric: "auto", style: "short" });
const dateFmt = new Intl.DateTimeFormat("en-IN", { day: "numeric", month: "short", year: "numeric" });
const timeFmt = new Intl.DateTimeFormat("en-IN", { hour: "numeric", minute: "2-digit" });

/** "just now", "5 min ago", "3 hr ago", "2 days ago", then a date ("12 Nov 2026"). */
export function timeAgo(iso: string, now = Date.now()): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return "";
  const sec = Math.round((now - t) / 1000);
  if (sec < 45) return "just now";
  const min = Math.round(sec / 60);
  if (min < 60) return rtf.format(-min, "minute");
  const hr = Math.round(min / 60);
  if (hr < 24) return rtf.format(-hr, "hour");
  const day = Math.round(hr / 24);
  if (day < 30) return rtf.format(-day, "day");
  return dateFmt.format(t);
}

/** "12 Nov 2026". */
export function formatDate(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? "" : dateFmt.format(t);
}

/** How long until `seconds` from now, for a "try again" hint: "in 43 s", "in 12 min (at 2:05 pm)". */
export function retryHint(seconds: number, now = Date.now()): string {
  if (seconds < 60) return `in ${Math.max(1, Math.ceil(seconds))} s`;
  const min = Math.ceil(seconds / 60);
  return `in ${min} min (at ${timeFmt.format(now + seconds * 1000)})`;
}
