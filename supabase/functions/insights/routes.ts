/**
 * Insights & Reports user routes: the dashboard's cards in one request, applications over time
 * and their summary (funnel, response rates by portal), resume performance with Wilson
 * intervals, skill gaps, and the report email schedule.
 *
 * Every route reads inside `asUser` (RLS) through a security-invoker SQL function scoped to the
 * caller: the user routes pass `[auth.uid()]` as the scope, so an admin reading their own
 * dashboard sees their own numbers, and any `user_id` in the query is ignored.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../_shared/app.ts";
import { currentUser, requireUser } from "../_shared/auth.ts";
import { PORTALS } from "../_shared/contract/enums.ts";
import { asUser } from "../_shared/db.ts";
import { errorResponses } from "../_shared/errors.ts";
import { bearerSecurity } from "../_shared/openapi.ts";
import {
  arrayParam,
  DateRangeParams,
  likePattern,
  limitOffset,
  listParams,
  pageOf,
  PageParams,
  SearchParam,
  toPage,
} from "../_shared/pagination.ts";
import { rangeOf, REPORT_TIME_ZONE, ReportRangeParams, withRange } from "./range.ts";
import {
  type PerformanceRow,
  ResumePerformanceReport,
  Series,
  type SeriesRow,
  Summary,
  toPoint,
  toResumes,
  toSummary,
} from "./schemas.ts";

export const insights = createRouter();

const iso = (d: string | Date | null | undefined) => (d ? new Date(d).toISOString() : null);

// ---------------------------------------------------------------- GET /v1/dashboard/summary

const GapCard = z
  .object({
    id: z.uuid(),
    skill: z.string(),
    severity: z.enum(["low", "medium", "high"]),
    job_count: z.number().int(),
    jobs_considered: z.number().int(),
  })
  .openapi("SkillGapCard");

const DashboardSummary = z
  .object({
    job_search_status: z.enum(["active", "paused", "not_set_up"]).openapi({
      description: "active: the job search runs; paused: set up but off; not_set_up: no job settings yet.",
    }),
    job_search_portals: z.array(z.enum(PORTALS)),
    last_fetch_at: z.iso.datetime().nullable(),
    new_jobs_count: z.number().int().openapi({
      description: "Fetched jobs waiting for review (status new).",
    }),
    verified_certificates_count: z.number().int(),
    pending_certificates_count: z.number().int(),
    projects_synced_count: z.number().int(),
    resumes_count: z.number().int(),
    resume_versions_count: z.number().int(),
    resume_limit: z.number().int(),
    skill_gap_alerts_count: z.number().int().openapi({ description: "Open high-severity skill gaps." }),
    skill_gaps_open_count: z.number().int(),
    top_skill_gaps: z.array(GapCard).openapi({
      description: "Up to 5 open gaps, most severe and most asked first.",
    }),
    applications_7d: z.number().int().openapi({
      description: "Submitted in the last 7 IST days, today included.",
    }),
    responses_7d: z.number().int(),
    interviews_7d: z.number().int(),
    applications_by_portal_7d: z.array(z.object({ portal: z.enum(PORTALS), count: z.number().int() })),
  })
  .openapi("DashboardSummary");

insights.openapi(
  createRoute({
    method: "get",
    path: "/v1/dashboard/summary",
    tags: ["insights"],
    summary: "Every card of the dashboard in one request",
    security: bearerSecurity,
    middleware: [requireUser] as const,
    responses: {
      200: { description: "The cards", content: { "application/json": { schema: DashboardSummary } } },
      ...errorResponses(401),
    },
  }),
  async (c) => {
    const [row] = await asUser(
      c,
      (tx) => tx<{ s: z.infer<typeof DashboardSummary> }[]>`select private.dashboard_summary() as s`,
    );
    const s = row!.s;
    return c.json({ ...s, last_fetch_at: iso(s.last_fetch_at) }, 200);
  },
);

// ---------------------------------------------------------------- GET /v1/reports/applications/series

const PortalsParam = arrayParam(z.enum(PORTALS), "Portals.");

const SeriesQuery = listParams(
  ReportRangeParams.extend({
    interval: z.enum(["day", "week"]).default("day").openapi({
      description: "day: one point per IST day; week: per week starting Monday.",
    }),
    portal: PortalsParam,
  }),
).superRefine(withRange);

insights.openapi(
  createRoute({
    method: "get",
    path: "/v1/reports/applications/series",
    tags: ["insights"],
    summary: "Applications over time (IST days or weeks), by portal, with funnel stages",
    security: bearerSecurity,
    middleware: [requireUser] as const,
    request: { query: SeriesQuery },
    responses: {
      200: { description: "The series", content: { "application/json": { schema: Series } } },
      ...errorResponses(401, 422),
    },
  }),
  async (c) => {
    const q = c.req.valid("query");
    const range = rangeOf(q);
    const uid = currentUser(c).id;
    const rows = await asUser(c, (tx) =>
      tx<SeriesRow[]>`
        select bucket_start::text, applied, linkedin, naukri, indeed, viewed, shortlisted, interview, offer, rejected, responded
          from private.applications_series(${range.from}::date, ${range.to}::date, ${q.interval},
                                           ${q.portal ?? null}::text[], array[${uid}]::uuid[])`);
    return c.json({
      ...range,
      interval: q.interval,
      time_zone: REPORT_TIME_ZONE,
      points: rows.map(toPoint),
    }, 200);
  },
);

// ---------------------------------------------------------------- GET /v1/reports/applications/summary

const SummaryQuery = listParams(ReportRangeParams.extend({ portal: PortalsParam })).superRefine(withRange);

insights.openapi(
  createRoute({
    method: "get",
    path: "/v1/reports/applications/summary",
    tags: ["insights"],
    summary: "Application totals: funnel, response rates (with Wilson intervals), by portal, pipeline",
    security: bearerSecurity,
    middleware: [requireUser] as const,
    request: { query: SummaryQuery },
    responses: {
      200: { description: "The summary", content: { "application/json": { schema: Summary } } },
      ...errorResponses(401, 422),
    },
  }),
  async (c) => {
    const q = c.req.valid("query");
    const range = rangeOf(q);
    const uid = currentUser(c).id;
    const [row] = await asUser(c, (tx) =>
      tx<{ s: unknown }[]>`
        select private.applications_summary(${range.from}::date, ${range.to}::date, ${
        q.portal ?? null
      }::text[],
                                            array[${uid}]::uuid[]) as s`);
    return c.json(toSummary(row!.s, range), 200);
  },
);

// ---------------------------------------------------------------- GET /v1/reports/resume-performance

const PerformanceQuery = listParams(
  ReportRangeParams.extend({ resume_id: arrayParam(z.uuid(), "Resumes.") }),
).superRefine(withRange);

insights.openapi(
  createRoute({
    method: "get",
    path: "/v1/reports/resume-performance",
    tags: ["insights"],
    summary: "Per resume and version: applications, funnel, response rate with a Wilson 95 % interval",
    security: bearerSecurity,
    middleware: [requireUser] as const,
    request: { query: PerformanceQuery },
    responses: {
      200: {
        description: "The report",
        content: { "application/json": { schema: ResumePerformanceReport } },
      },
      ...errorResponses(401, 422),
    },
  }),
  async (c) => {
    const q = c.req.valid("query");
    const range = rangeOf(q);
    const uid = currentUser(c).id;
    const rows = await asUser(c, (tx) =>
      tx<PerformanceRow[]>`
        select * from private.resume_performance(${range.from}::date, ${range.to}::date, ${
        q.resume_id ?? null
      }::uuid[], array[${uid}]::uuid[], null)`);
    return c.json({ ...range, time_zone: REPORT_TIME_ZONE, resumes: toResumes(rows) }, 200);
  },
);

// ---------------------------------------------------------------- GET /v1/insights/skill-gaps

const ExampleJob = z.object({
  id: z.uuid(),
  title: z.string(),
  company: z.string(),
  match_score: z.number().int(),
});

export const SkillGap = z
  .object({
    id: z.uuid(),
    skill: z.string().openapi({ description: "As most jobs spell it." }),
    severity: z.enum(["low", "medium", "high"]).openapi({
      description: "high: ≥ 40 % of your matching jobs (and ≥ 3); medium: ≥ 20 % (and ≥ 2); low: fewer.",
    }),
    job_count: z.number().int().openapi({ description: "Matching jobs asking for it." }),
    jobs_considered: z.number().int().openapi({ description: "Your matching jobs at the last refresh." }),
    share: z.number().min(0).max(1),
    example_jobs: z.array(ExampleJob).openapi({ description: "Up to 3, best match first." }),
    recommendation: z.string().openapi({ description: "What would close the gap." }),
    first_seen_at: z.iso.datetime(),
    last_seen_at: z.iso.datetime(),
  })
  .openapi("SkillGap");

const GapsQuery = listParams(
  PageParams.extend({
    ...SearchParam.shape,
    ...DateRangeParams.shape,
    severity: arrayParam(z.enum(["low", "medium", "high"]), "Severities."),
  }),
);

interface GapRow {
  id: string;
  skill: string;
  label: string;
  severity: "low" | "medium" | "high";
  job_count: number;
  jobs_considered: number;
  share: string;
  example_jobs: z.infer<typeof ExampleJob>[];
  recommendation: string;
  first_seen_at: Date;
  last_seen_at: Date;
  total: number;
}

insights.openapi(
  createRoute({
    method: "get",
    path: "/v1/insights/skill-gaps",
    tags: ["insights"],
    summary:
      "Skills your matching jobs ask for that your repositories, career record and certificates do not show",
    description:
      "Open gaps, most severe first. from/to bound when a gap was last seen; q searches the skill. A skill you added since the last refresh is left out at once.",
    security: bearerSecurity,
    middleware: [requireUser] as const,
    request: { query: GapsQuery },
    responses: {
      200: { description: "A page", content: { "application/json": { schema: pageOf(SkillGap) } } },
      ...errorResponses(401, 422),
    },
  }),
  async (c) => {
    const q = c.req.valid("query");
    const { limit, offset } = limitOffset(q);
    // likePattern wraps in %…% and escapes; the SQL adds its own %, so pass the escaped body.
    const body = q.q ? likePattern(q.q.toLowerCase()).slice(1, -1) : null;
    const rows = await asUser(c, (tx) =>
      tx<GapRow[]>`
        select * from private.skill_gaps_list(${q.severity ?? null}::text[], ${q.from ?? null}::timestamptz,
                                              ${q.to ?? null}::timestamptz, ${body}, ${limit}, ${offset})`);
    if (rows.length === 0 && offset > 0) {
      const [{ total }] = await asUser(c, (tx) =>
        tx<{ total: number }[]>`
          select count(*)::int as total from private.skill_gaps_list(${q.severity ?? null}::text[],
            ${q.from ?? null}::timestamptz, ${q.to ?? null}::timestamptz, ${body}, 100000, 0)`);
      return c.json(toPage([], total, q), 200);
    }
    const items = rows.map((r) => ({
      id: r.id,
      skill: r.label,
      severity: r.severity,
      job_count: r.job_count,
      jobs_considered: r.jobs_considered,
      share: Number(r.share),
      example_jobs: r.example_jobs,
      recommendation: r.recommendation,
      first_seen_at: r.first_seen_at.toISOString(),
      last_seen_at: r.last_seen_at.toISOString(),
    }));
    return c.json(toPage(items, rows[0]?.total ?? 0, q), 200);
  },
);

// ---------------------------------------------------------------- /v1/reports/email/subscription

const Schedule = z.enum(["daily", "weekly", "off"]).openapi({
  description:
    "daily: every day at 08:00 IST (yesterday's numbers); weekly: Mondays at 08:00 IST (the last 7 days); off.",
});

const SubscriptionBody = z.object({ schedule: Schedule }).openapi("ReportEmailSubscriptionRequest");
const SubscriptionResult = z
  .object({ status: z.literal("updated"), schedule: Schedule })
  .openapi("ReportEmailSubscriptionResult");
const SubscriptionState = z
  .object({
    schedule: Schedule,
    unsubscribed: z.boolean().openapi({
      description:
        "True when the user used an email's one-click unsubscribe (choosing daily or weekly lifts it).",
    }),
  })
  .openapi("ReportEmailSubscription");

insights.openapi(
  createRoute({
    method: "post",
    path: "/v1/reports/email/subscription",
    tags: ["insights"],
    summary: "Choose the report email schedule (daily, weekly or off)",
    security: bearerSecurity,
    middleware: [requireUser] as const,
    request: { body: { required: true, content: { "application/json": { schema: SubscriptionBody } } } },
    responses: {
      200: { description: "Saved", content: { "application/json": { schema: SubscriptionResult } } },
      ...errorResponses(401, 422),
    },
  }),
  async (c) => {
    const { schedule } = c.req.valid("json");
    await asUser(c, (tx) => tx`select private.set_report_email_schedule(${schedule})`);
    return c.json({ status: "updated" as const, schedule }, 200);
  },
);

insights.openapi(
  createRoute({
    method: "get",
    path: "/v1/reports/email/subscription",
    tags: ["insights"],
    summary: "The report email schedule",
    security: bearerSecurity,
    middleware: [requireUser] as const,
    responses: {
      200: { description: "The schedule", content: { "application/json": { schema: SubscriptionState } } },
      ...errorResponses(401),
    },
  }),
  async (c) => {
    const [row] = await asUser(c, (tx) =>
      tx<z.infer<typeof SubscriptionState>[]>`
        select coalesce((select p.email_digest from public.notification_preferences p where p.user_id = auth.uid()), 'weekly') as schedule,
               exists (select 1 from public.notification_channel_preferences c
                        where c.user_id = auth.uid() and c.notification_type = 'report.ready'
                          and c.channel = 'email' and not c.enabled) as unsubscribed`);
    return c.json(row!, 200);
  },
);
