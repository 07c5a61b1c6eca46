/**
 * Years of experience from the career record's work entries: the time between each entry's start
 * and end date (no end date: to date), overlapping jobs counted once. Pure, so the match score's
 * input is tested without a database.
 */

/** A JSON Resume date (YYYY, YYYY-MM or YYYY-MM-DD) as a UTC day; `end` rounds up to the period's end. */
function parse(s: string | null | undefined, end: boolean): number | null {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(s?.trim() ?? "");
  if (!m) return null;
  const y = Number(m[1]);
  const mo = m[2] === undefined ? null : Number(m[2]);
  const d = m[3] === undefined ? null : Number(m[3]);
  if (mo !== null && (mo < 1 || mo > 12)) return null;
  if (d !== null) {
    const t = Date.UTC(y, mo! - 1, d);
    if (new Date(t).getUTCDate() !== d) return null; // 2021-02-30
    return end ? t + 86_400_000 : t;
  }
  if (mo !== null) return end ? Date.UTC(y, mo, 1) : Date.UTC(y, mo - 1, 1);
  return end ? Date.UTC(y + 1, 0, 1) : Date.UTC(y, 0, 1);
}

/**
 * The years (one decimal) the dated work entries cover together; null when none has a usable
 * start date (the score then judges by the target roles' seniority instead).
 */
export function experienceYears(
  entries: { start?: string | null; end?: string | null }[],
  now: Date,
): number | null {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + 86_400_000;
  const spans: [number, number][] = [];
  for (const e of entries) {
    const start = parse(e.start, false);
    if (start === null || start > today) continue;
    const end = e.end ? parse(e.end, true) : today;
    if (end === null) continue;
    const to = Math.min(end, today);
    if (to > start) spans.push([start, to]);
  }
  if (spans.length === 0) return null;
  spans.sort((a, b) => a[0] - b[0]);
  let total = 0;
  let [from, to] = spans[0]!;
  for (const [s, e] of spans.slice(1)) {
    if (s <= to) to = Math.max(to, e);
    else {
      total += to - from;
      [from, to] = [s, e];
    }
  }
  total += to - from;
  return Math.round((total / (365.25 * 86_400_000)) * 10) / 10;
}
