/**
 * Job Fetcher user routes: "Fetch now" (a run per portal; the runner fetches), the run history,
 * each portal's last and next run, the caller's fetched jobs (every spec filter and sort, one row
 * per job with the other portals it is also on), one job, and the caller's decision on a job.
 *
 * Every route reads and writes inside `asUser` (RLS) and scopes by `auth.uid()` explicitly
 * (admins' select policies would otherwise show them everyone's rows); a `user_id` in the query
 * or body is ignored.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../_shared/app.ts";
import { requireUser } from "../_shared/auth.ts";
import { JOB_STATUSES, PORTALS, RUN_STATUSES } from "../_shared/contract/enums.ts";
import { asUser, type Fragment, type Tx } from "../_shared/db.ts";
import { AppError, errorResponses } from "../_shared/errors.ts";
import { bearerSecurity } from "../_shared/openapi.ts";
import {
  arrayParam,
  DateRangeParams,
  likePattern,
  limitOffset,
  listParams,
  listQuery,
  orderBy,
  pageOf,
  SearchParam,
  toPage,
} from "../_shared/pagination.ts";
import { text } from "../_shared/text.ts";
import { canonicalCity } from "./normalise.ts";

export const jobFetcher = createRouter();

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const num = (v: string | null) => (v === null ? null : Number(v));

// ---------------------------------------------------------------- runs

const RunError = z
  .object({
    code: z.string().openapi({
      example: "rate_limited",
      description:
        "rate_limited, captcha, sign_in_wall, blocked, http_error, malformed, timeout, ingest_failed",
    }),
    message: z.string(),
    page: z.number().int().optional(),
    at: z.string().optional(),
  })
  .openapi("JobFetchRunError");

const FetchRun = z
  .object({
    id: z.uuid(),
    portal: z.enum(PORTALS),
    trigger: z.enum(["manual", "schedule"]),
    status: z.enum(RUN_STATUSES),
    started_at: z.iso.datetime(),
    finished_at: z.iso.datetime().nullable(),
    jobs_found: z.number().int(),
    new_jobs_added: z.number().int(),
    pages_fetched: z.number().int(),
    errors: z.array(RunError),
    blocked_until: z.iso.datetime().nullable().openapi({
      description: "The portal refused the fetch; the schedule leaves it alone until then.",
    }),
  })
  .openapi("JobFetchRun");

interface RunRow {
  id: string;
  portal: z.infer<typeof FetchRun>["portal"];
  trigger: z.infer<typeof FetchRun>["trigger"];
  status: z.infer<typeof FetchRun>["status"];
  started_at: Date | string;
  finished_at: Date | string | null;
  jobs_found: number;
  new_jobs_added: number;
  pages_fetched: number;
  errors_json: z.infer<typeof RunError>[];
  blocked_until: Date | string | null;
}

const toIso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

function toRun(r: RunRow): z.infer<typeof FetchRun> {
  return {
    id: r.id,
    portal: r.portal,
    trigger: r.trigger,
    status: r.status,
    started_at: toIso(r.started_at)!,
    finished_at: toIso(r.finished_at),
    jobs_found: r.jobs_found,
    new_jobs_added: r.new_jobs_added,
    pages_fetched: r.pages_fetched,
    errors: r.errors_json,
    blocked_until: toIso(r.blocked_until),
  };
}

const SyncBody = z
  .object({
    portals: z.array(z.enum(PORTALS)).min(1).max(3).optional().openapi({
      description: "Default: the portals enabled in Job Control.",
    }),
  })
  .openapi("JobFetchSyncRequest");

const SyncResult = z
  .object({
    run_id: z.uuid().openapi({ description: "The first run started (or joined)." }),
    status: z.enum(["started", "already_running"]).openapi({
      description:
        "started: at least one portal started now; already_running: every requested portal was running.",
    }),
    runs: z.array(
      FetchRun.extend({ joined: z.boolean().openapi({ description: "Already running before." }) }),
    ),
  })
  .openapi("JobFetchSyncResult");

const syncRoute = createRoute({
  method: "post",
  path: "/v1/job-fetcher/sync",
  tags: ["job-fetcher"],
  summary: "Fetch now: start a run per portal (the runner fetches; poll the runs)",
  description: "202 with a run per requested portal. A portal already running is joined, never started " +
    "twice. 409 `conflict` when no portal is enabled.",
  security: bearerSecurity,
  middleware: [requireUser] as const,
  request: { body: { content: { "application/json": { schema: SyncBody } }, required: false } },
  responses: {
    202: { description: "Started (or joined)", content: { "application/json": { schema: SyncResult } } },
    ...errorResponses(401, 409, 422),
  },
});

jobFetcher.openapi(syncRoute, async (c) => {
  const body =
    (c.req.header("content-length") === "0" ? {} : await c.req.json().catch(() => ({}))) as unknown;
  const parsed = SyncBody.safeParse(body ?? {});
  if (!parsed.success) throw new AppError("validation_failed", "portals must be linkedin, naukri or indeed.");
  const portals = parsed.data.portals ?? null;
  const out = await asUser(c, async (tx) => {
    const [row] = await tx<{ r: { started: RunRow[]; running: RunRow[] } }[]>`
      select private.request_job_fetch(${portals}::text[]) as r`;
    return row!.r;
  });
  const runs = [
    ...out.started.map((r) => ({ ...toRun(r), joined: false })),
    ...out.running.map((r) => ({ ...toRun(r), joined: true })),
  ];
  return c.json({
    run_id: runs[0]!.id,
    status: out.started.length > 0 ? "started" as const : "already_running" as const,
    runs,
  }, 202);
});

const RunsQuery = listParams(
  listQuery(["started_at"], "-started_at").extend({
    portal: arrayParam(z.enum(PORTALS), "Portals."),
    status: arrayParam(z.enum(RUN_STATUSES), "Run statuses."),
    ...DateRangeParams.shape,
  }),
);

const runsRoute = createRoute({
  method: "get",
  path: "/v1/job-fetcher/runs",
  tags: ["job-fetcher"],
  summary: "The caller's fetch runs, newest first, with what went wrong",
  security: bearerSecurity,
  middleware: [requireUser] as const,
  request: { query: RunsQuery },
  responses: {
    200: {
      description: "A page",
      content: { "application/json": { schema: pageOf(FetchRun).openapi("JobFetchRunPage") } },
    },
    ...errorResponses(401, 422),
  },
});

jobFetcher.openapi(runsRoute, async (c) => {
  const q = c.req.valid("query");
  const body = await asUser(c, async (tx) => {
    const where = [
      tx`r.user_id = (select auth.uid())`,
      q.portal ? tx`r.portal = any(${q.portal}::text[])` : tx`true`,
      q.status ? tx`r.status = any(${q.status}::text[])` : tx`true`,
      q.from ? tx`r.started_at >= ${q.from}` : tx`true`,
      q.to ? tx`r.started_at < ${q.to}` : tx`true`,
    ].reduce((a, b) => tx`${a} and ${b}`);
    const { limit, offset } = limitOffset(q);
    const rows = await tx<(RunRow & { total: number })[]>`
      select r.*, count(*) over ()::int as total from public.job_fetch_runs r where ${where}
      ${orderBy(tx, q.sort, { tiebreak: "id" })} limit ${limit} offset ${offset}`;
    const total = rows[0]?.total ??
      (offset > 0
        ? (await tx<{ n: number }[]>`select count(*)::int as n from public.job_fetch_runs r where ${where}`)[
          0
        ]!.n
        : 0);
    return toPage(rows.map(toRun), total, q);
  });
  return c.json(body, 200);
});

const PortalSchedule = z
  .object({
    portal: z.enum(PORTALS),
    last_started_at: z.iso.datetime().nullable(),
    last_status: z.enum(RUN_STATUSES).nullable(),
    next_run_at: z.iso.datetime().nullable().openapi({
      description: "Null while the job search is stopped.",
    }),
    blocked_until: z.iso.datetime().nullable(),
  })
  .openapi("JobFetchPortalSchedule");

const scheduleRoute = createRoute({
  method: "get",
  path: "/v1/job-fetcher/schedule",
  tags: ["job-fetcher"],
  summary: "Each enabled portal's last run and next scheduled run",
  security: bearerSecurity,
  middleware: [requireUser] as const,
  responses: {
    200: {
      description: "Per portal",
      content: {
        "application/json": {
          schema: z.object({ portals: z.array(PortalSchedule) }).openapi("JobFetchSchedule"),
        },
      },
    },
    ...errorResponses(401),
  },
});

jobFetcher.openapi(scheduleRoute, async (c) => {
  const rows = await asUser(c, (tx) =>
    tx<
      {
        portal: z.infer<typeof PortalSchedule>["portal"];
        last_started_at: Date | null;
        last_status: z.infer<typeof PortalSchedule>["last_status"];
        next_run_at: Date | null;
        blocked_until: Date | null;
      }[]
    >`select * from private.job_fetch_schedule()`);
  return c.json({
    portals: rows.map((r) => ({
      portal: r.portal,
      last_started_at: iso(r.last_started_at),
      last_status: r.last_status,
      next_run_at: iso(r.next_run_at),
      blocked_until: iso(r.blocked_until),
    })),
  }, 200);
});

// ---------------------------------------------------------------- jobs

const Breakdown = z
  .object({
    factor: z.enum(["role", "skills", "salary", "location", "experience", "company_type"]),
    label: z.string(),
    points: z.number(),
    max: z.number(),
    detail: z.string(),
  })
  .openapi("JobMatchBreakdownItem");

const AlsoOn = z.object({ id: z.uuid(), portal: z.enum(PORTALS), job_url: z.string() }).openapi("JobAlsoOn");

const Job = z
  .object({
    id: z.uuid(),
    portal: z.enum(PORTALS),
    external_job_id: z.string(),
    title: z.string(),
    company: z.string(),
    location: z.string().nullable().openapi({ description: "The portal's text." }),
    locations: z.array(z.string()).openapi({ description: "Canonical cities (or Remote)." }),
    work_mode: z.enum(["onsite", "remote", "hybrid"]).nullable(),
    salary_text: z.string().nullable().openapi({ description: "The portal's text." }),
    lpa_min: z.number().nullable(),
    lpa_max: z.number().nullable(),
    experience_text: z.string().nullable(),
    exp_min: z.number().nullable(),
    exp_max: z.number().nullable(),
    job_url: z.string(),
    description_snippet: z.string().nullable(),
    skills: z.array(z.string()),
    company_type: z.string().nullable(),
    posted_text: z.string().nullable(),
    posted_at: z.iso.datetime().nullable(),
    fetched_at: z.iso.datetime(),
    match_score: z.number().int().min(0).max(100),
    match_breakdown: z.array(Breakdown),
    status: z.enum(JOB_STATUSES),
    also_on: z.array(AlsoOn).openapi({ description: "The same job on other portals (its duplicates)." }),
  })
  .openapi("FetchedJob");

const JobDetail = Job.extend({
  description: z.string().nullable(),
  requirements_snippet: z.string().nullable(),
  duplicate_of: z.uuid().nullable().openapi({ description: "The canonical job this one duplicates." }),
  run_id: z.uuid().nullable(),
}).openapi("FetchedJobDetail");

interface JobRow {
  id: string;
  portal: z.infer<typeof Job>["portal"];
  external_job_id: string;
  title: string;
  company: string;
  location: string | null;
  locations: string[];
  work_mode: z.infer<typeof Job>["work_mode"];
  salary_text: string | null;
  lpa_min: string | null;
  lpa_max: string | null;
  experience_text: string | null;
  exp_min: string | null;
  exp_max: string | null;
  job_url: string;
  description_snippet: string | null;
  skills: string[];
  company_type: string | null;
  posted_text: string | null;
  posted_at: Date | null;
  fetched_at: Date;
  match_score: number;
  match_breakdown: z.infer<typeof Breakdown>[];
  status: z.infer<typeof Job>["status"];
  also_on: z.infer<typeof AlsoOn>[];
  description?: string | null;
  requirements_snippet?: string | null;
  duplicate_of?: string | null;
  run_id?: string | null;
}

function toJob(r: JobRow): z.infer<typeof Job> {
  return {
    id: r.id,
    portal: r.portal,
    external_job_id: r.external_job_id,
    title: r.title,
    company: r.company,
    location: r.location,
    locations: r.locations,
    work_mode: r.work_mode,
    salary_text: r.salary_text,
    lpa_min: num(r.lpa_min),
    lpa_max: num(r.lpa_max),
    experience_text: r.experience_text,
    exp_min: num(r.exp_min),
    exp_max: num(r.exp_max),
    job_url: r.job_url,
    description_snippet: r.description_snippet,
    skills: r.skills,
    company_type: r.company_type,
    posted_text: r.posted_text,
    posted_at: iso(r.posted_at),
    fetched_at: r.fetched_at.toISOString(),
    match_score: r.match_score,
    match_breakdown: r.match_breakdown,
    status: r.status,
    also_on: r.also_on,
  };
}

/** The list's columns plus `also_on` (the job's duplicates on other portals). */
function selectJobs(tx: Tx, extra: Fragment = tx``) {
  return tx`
    select j.id, j.portal, j.external_job_id, j.title, j.company, j.location, j.locations, j.work_mode,
           j.salary_text, j.lpa_min::text, j.lpa_max::text, j.experience_text, j.exp_min::text, j.exp_max::text,
           j.job_url, j.description_snippet, j.skills, j.company_type, j.posted_text, j.posted_at, j.fetched_at,
           j.match_score, j.match_breakdown, j.status,
           coalesce((select jsonb_agg(jsonb_build_object('id', d.id, 'portal', d.portal, 'job_url', d.job_url)
                                      order by d.portal)
                       from public.fetched_jobs d where d.duplicate_of = j.id and d.user_id = j.user_id),
                    '[]'::jsonb) as also_on ${extra}
      from public.fetched_jobs j`;
}

const JobsQuery = listParams(
  listQuery(["match_score", "posted_at", "lpa_max", "fetched_at", "company"], "-match_score").extend({
    portal: arrayParam(z.enum(PORTALS), "Portals."),
    status: arrayParam(z.enum(JOB_STATUSES), "Job statuses."),
    ...SearchParam.shape,
    location: text().trim().max(80).optional().transform((v) => v || undefined).openapi({
      description: "A city (any spelling: Bangalore = Bengaluru) or Remote.",
    }),
    min_lpa: z.coerce.number().min(0).max(1000).optional().openapi({
      description:
        "Jobs paying at least this many LPA at the top of their band (undisclosed salaries are left out).",
    }),
    company: text().trim().max(200).optional().transform((v) => v || undefined).openapi({
      description: "Company name contains (case-insensitive).",
    }),
    run_id: z.uuid().optional().openapi({ description: "Jobs first stored by this fetch run." }),
    ...DateRangeParams.shape,
  }),
);

const listRoute = createRoute({
  method: "get",
  path: "/v1/jobs",
  tags: ["job-fetcher"],
  summary: "The caller's fetched jobs, filtered and sorted; each job once (also_on lists its other portals)",
  description: "Sort: match_score (default, best first), posted_at, lpa_max (salary), fetched_at, company; " +
    "`-` for descending. `from`/`to` apply to the posting date (the fetch date when the portal gave none).",
  security: bearerSecurity,
  middleware: [requireUser] as const,
  request: { query: JobsQuery },
  responses: {
    200: {
      description: "A page",
      content: { "application/json": { schema: pageOf(Job).openapi("FetchedJobPage") } },
    },
    ...errorResponses(401, 422),
  },
});

jobFetcher.openapi(listRoute, async (c) => {
  const q = c.req.valid("query");
  const body = await asUser(c, async (tx) => {
    const city = q.location
      ? (/^remote$/i.test(q.location) ? "Remote" : canonicalCity(q.location))
      : undefined;
    const parts: Fragment[] = [tx`j.user_id = (select auth.uid())`, tx`j.duplicate_of is null`];
    if (q.portal) {
      // A job listed on several portals matches when any of its copies is on a wanted portal.
      parts.push(tx`(j.portal = any(${q.portal}::text[]) or exists (
        select 1 from public.fetched_jobs d where d.duplicate_of = j.id and d.portal = any(${q.portal}::text[])))`);
    }
    if (q.status) parts.push(tx`j.status = any(${q.status}::text[])`);
    if (q.q) {
      const p = likePattern(q.q.toLowerCase());
      parts.push(tx`lower(j.title || ' ' || j.company) like ${p}`);
    }
    if (q.location) {
      parts.push(
        city === "Remote"
          ? tx`j.work_mode = 'remote'`
          : tx`(${city ?? ""} = any(j.locations) or j.location ilike ${likePattern(q.location)})`,
      );
    }
    if (q.min_lpa !== undefined) parts.push(tx`coalesce(j.lpa_max, j.lpa_min) >= ${q.min_lpa}`);
    if (q.company) parts.push(tx`j.company ilike ${likePattern(q.company)}`);
    if (q.run_id) parts.push(tx`j.run_id = ${q.run_id}`);
    if (q.from) parts.push(tx`coalesce(j.posted_at, j.fetched_at) >= ${q.from}`);
    if (q.to) parts.push(tx`coalesce(j.posted_at, j.fetched_at) < ${q.to}`);
    const where = parts.reduce((a, b) => tx`${a} and ${b}`);
    const order = orderBy(tx, q.sort, {
      columns: {
        match_score: tx`j.match_score`,
        posted_at: tx`j.posted_at`,
        lpa_max: tx`coalesce(j.lpa_max, j.lpa_min)`,
        fetched_at: tx`j.fetched_at`,
        company: tx`lower(j.company)`,
      },
      nullsLast: true,
      then: [tx`j.id`],
    });
    const { limit, offset } = limitOffset(q);
    const [items, [count]] = await Promise.all([
      tx<JobRow[]>`${selectJobs(tx)} where ${where} ${order} limit ${limit} offset ${offset}`,
      tx<{ n: number }[]>`select count(*)::int as n from public.fetched_jobs j where ${where}`,
    ]);
    return toPage(items.map(toJob), count!.n, q);
  });
  return c.json(body, 200);
});

const IdParam = z.object({ id: z.uuid().openapi({ param: { name: "id", in: "path" } }) });

const detailRoute = createRoute({
  method: "get",
  path: "/v1/jobs/{id}",
  tags: ["job-fetcher"],
  summary: "One of the caller's jobs, with its description and the portals it is also on",
  security: bearerSecurity,
  middleware: [requireUser] as const,
  request: { params: IdParam },
  responses: {
    200: { description: "The job", content: { "application/json": { schema: JobDetail } } },
    ...errorResponses(401, 404, 422),
  },
});

jobFetcher.openapi(detailRoute, async (c) => {
  const { id } = c.req.valid("param");
  const [row] = await asUser(c, (tx) =>
    tx<JobRow[]>`
      ${
      selectJobs(tx, tx`, j.description, j.requirements_snippet, j.duplicate_of, j.run_id`)
    } where j.id = ${id} and j.user_id = (select auth.uid())`);
  if (!row) throw new AppError("not_found", "No such job.");
  return c.json({
    ...toJob(row),
    description: row.description ?? null,
    requirements_snippet: row.requirements_snippet ?? null,
    duplicate_of: row.duplicate_of ?? null,
    run_id: row.run_id ?? null,
  }, 200);
});

const StatusBody = z
  .object({ status: z.enum(["reviewed", "queued", "skipped", "new"]) })
  .openapi("FetchedJobStatusRequest");

const statusRoute = createRoute({
  method: "put",
  path: "/v1/jobs/{id}/status",
  tags: ["job-fetcher"],
  summary: "Mark a job reviewed, queued or skipped (or new again)",
  description: "Applies to the job and its copies on other portals (one job, one status: never queued " +
    "twice). 409 for an applied or expired job.",
  security: bearerSecurity,
  middleware: [requireUser] as const,
  request: {
    params: IdParam,
    body: { content: { "application/json": { schema: StatusBody } }, required: true },
  },
  responses: {
    200: {
      description: "Saved",
      content: {
        "application/json": {
          schema: z.object({ status: z.enum(JOB_STATUSES) }).openapi("FetchedJobStatus"),
        },
      },
    },
    ...errorResponses(401, 404, 409, 422),
  },
});

jobFetcher.openapi(statusRoute, async (c) => {
  const { id } = c.req.valid("param");
  const { status } = c.req.valid("json");
  const [row] = await asUser(c, (tx) =>
    tx<{ status: typeof status }[]>`
    select private.set_job_status(${id}, ${status}) as status`);
  return c.json({ status: row!.status }, 200);
});
