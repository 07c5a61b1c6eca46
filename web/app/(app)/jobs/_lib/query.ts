/**
 * The /jobs page's state lives in the URL: filters, sort, page and the open job. These helpers
 * read it into the API's list query and write links that change one thing and keep the rest.
 */
import { JOB_STATUSES, PORTALS } from "@contract/enums.ts";
import type { JobListQuery } from "@/lib/api";

export type JobsSearch = Record<string, string | string[] | undefined>;

export const SORTS = [
  { value: "-match_score", label: "Best match" },
  { value: "-posted_at", label: "Newest" },
  { value: "-lpa_max", label: "Highest salary" },
] as const;
export type JobSort = (typeof SORTS)[number]["value"];

export const PAGE_SIZE = 20;
/** The filter keys the page keeps in the URL (besides page, sort and job). */
export const FILTER_KEYS = [
  "q",
  "portal",
  "status",
  "location",
  "min_lpa",
  "company",
  "from",
  "to",
  "run",
] as const;

const one = (v: string | string[] | undefined): string =>
  (Array.isArray(v) ? (v[0] ?? "") : (v ?? "")).trim();
const many = (v: string | string[] | undefined): string[] =>
  (Array.isArray(v) ? v : v ? [v] : [])
    .flatMap((x) => x.split(","))
    .map((x) => x.trim())
    .filter(Boolean);
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The URL's state, cleaned: unknown values are dropped rather than sent (the page never 422s). */
export function readSearch(sp: JobsSearch) {
  const minLpa = Number(one(sp.min_lpa));
  const sort = SORTS.some((s) => s.value === one(sp.sort)) ? (one(sp.sort) as JobSort) : "-match_score";
  return {
    q: one(sp.q).slice(0, 200),
    portal: many(sp.portal).filter((p): p is (typeof PORTALS)[number] =>
      (PORTALS as readonly string[]).includes(p),
    ),
    status: many(sp.status).filter((s): s is (typeof JOB_STATUSES)[number] =>
      (JOB_STATUSES as readonly string[]).includes(s),
    ),
    location: one(sp.location).slice(0, 80),
    min_lpa: one(sp.min_lpa) && Number.isFinite(minLpa) && minLpa >= 0 && minLpa <= 1000 ? minLpa : undefined,
    company: one(sp.company).slice(0, 200),
    from: DATE.test(one(sp.from)) ? one(sp.from) : "",
    to: DATE.test(one(sp.to)) ? one(sp.to) : "",
    run: UUID.test(one(sp.run)) ? one(sp.run) : "",
    sort,
    page: Math.max(1, Number.parseInt(one(sp.page), 10) || 1),
    job: UUID.test(one(sp.job)) ? one(sp.job) : "",
  };
}
export type JobsState = ReturnType<typeof readSearch>;

/** The API query of the page's state. */
export function listQuery(s: JobsState): JobListQuery {
  return {
    page: s.page,
    page_size: PAGE_SIZE,
    sort: s.sort,
    q: s.q || undefined,
    portal: s.portal.length ? s.portal.join(",") : undefined,
    status: s.status.length ? s.status.join(",") : undefined,
    location: s.location || undefined,
    min_lpa: s.min_lpa,
    company: s.company || undefined,
    from: s.from && (!s.to || s.from <= s.to) ? s.from : undefined,
    to: s.to && (!s.from || s.from <= s.to) ? s.to : undefined,
    run_id: s.run || undefined,
  } as JobListQuery;
}

/** `/jobs?…` with `changes` applied (undefined or "" removes a key); the page resets unless given. */
export function jobsHref(
  s: JobsState,
  changes: Partial<Record<string, string | number | undefined>>,
): string {
  const params = new URLSearchParams();
  const base: Record<string, string> = {
    q: s.q,
    portal: s.portal.join(","),
    status: s.status.join(","),
    location: s.location,
    min_lpa: s.min_lpa === undefined ? "" : String(s.min_lpa),
    company: s.company,
    from: s.from,
    to: s.to,
    run: s.run,
    sort: s.sort === "-match_score" ? "" : s.sort,
    page: s.page > 1 ? String(s.page) : "",
    job: s.job,
  };
  // A filter or sort change starts at page 1; opening or closing a job keeps the page; any change
  // but opening a job closes the open one.
  if (!("page" in changes) && !("job" in changes)) base.page = "";
  if (!("job" in changes)) base.job = "";
  for (const [k, v] of Object.entries(changes)) base[k] = v === undefined ? "" : String(v);
  if (base.page === "1") base.page = "";
  for (const [k, v] of Object.entries(base)) if (v) params.set(k, v);
  const qs = params.toString();
  return qs ? `/jobs?${qs}` : "/jobs";
}

/** Whether any filter is set. */
export function filtered(s: JobsState): boolean {
  return Boolean(
    s.q ||
      s.portal.length ||
      s.status.length ||
      s.location ||
      s.min_lpa !== undefined ||
      s.company ||
      s.from ||
      s.to ||
      s.run,
  );
}
