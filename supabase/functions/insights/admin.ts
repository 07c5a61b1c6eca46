/**
 * Insights & Reports admin routes: platform metrics, applications over time across users (with
 * the job-settings filters of the spec), the application list, resume performance, certificate
 * statistics and the users report. `requireAdmin` checks the role; the SQL functions re-check it
 * (`private.require_admin`, `private.scoped_users`) and the admin select policies apply.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../_shared/app.ts";
import { requireAdmin } from "../_shared/auth.ts";
import { APPLY_MODES, PORTALS, RESPONSE_STATUSES } from "../_shared/contract/enums.ts";
import { asUser } from "../_shared/db.ts";
import { errorResponses } from "../_shared/errors.ts";
import { bearerSecurity } from "../_shared/openapi.ts";
import {
  arrayParam,
  DateRangeParams,
  likePattern,
  limitOffset,
  listParams,
  listQuery,
  listWhere,
  orderBy,
  pageOf,
  SearchParam,
  toPage,
  UserIdsParam,
} from "../_shared/pagination.ts";
import { text } from "../_shared/text.ts";
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

export const insightsAdmin = createRouter();

// ---------------------------------------------------------------- GET /v1/admin/dashboard/summary

export const PlatformMetrics = z
  .object({
    total_users: z.number().int(),
    active_job_searches: z.number().int(),
    pending_certificates: z.number().int(),
    api_key_expiry_alerts: z.number().int().openapi({
      description: "Platform keys expired or expiring within 14 days.",
    }),
    applications_24h: z.number().int().openapi({
      description: "Applications submitted in the last 24 hours.",
    }),
    top_portals_7d: z.array(z.object({ portal: z.enum(PORTALS), applications: z.number().int() })).openapi({
      description:
        "Portals by applications submitted in the last 7 days, most first (portals with none left out).",
    }),
    errors_24h: z.object({
      dead_letters: z.number().int().openapi({ description: "Events the bus gave up on." }),
      failed_fetch_runs: z.number().int(),
      failed_apply_runs: z.number().int(),
      failed_applications: z.number().int(),
      total: z.number().int(),
    }),
  })
  .openapi("PlatformMetrics");

insightsAdmin.openapi(
  createRoute({
    method: "get",
    path: "/v1/admin/dashboard/summary",
    tags: ["insights-admin"],
    summary:
      "Admin: platform metrics (users, searches, certificates, key expiry, applications, portals, errors)",
    security: bearerSecurity,
    middleware: [requireAdmin] as const,
    responses: {
      200: { description: "Metrics", content: { "application/json": { schema: PlatformMetrics } } },
      ...errorResponses(401, 403),
    },
  }),
  async (c) => {
    const [row] = await asUser(
      c,
      (tx) => tx<{ m: z.infer<typeof PlatformMetrics> }[]>`select private.admin_platform_metrics() as m`,
    );
    return c.json(row!.m, 200);
  },
);

// ---------------------------------------------------------------- GET /v1/admin/reports/applications/series

const lpa = (edge: string) =>
  z.coerce.number().min(0).max(1000).optional().openapi({
    description: `Users whose minimum target LPA is ${edge}.`,
  });

const AdminSeriesQuery = listParams(
  ReportRangeParams.extend({
    interval: z.enum(["day", "week"]).default("day"),
    portal: arrayParam(z.enum(PORTALS), "Portals."),
    ...UserIdsParam.shape,
    role: text().trim().min(1).max(80).optional().openapi({
      description: "Users with a target role containing this (case-insensitive).",
    }),
    location: arrayParam(text().trim().min(1).max(80), "Users with any of these preferred locations."),
    min_lpa_from: lpa("at least this"),
    min_lpa_to: lpa("at most this"),
  }),
).superRefine(withRange);

insightsAdmin.openapi(
  createRoute({
    method: "get",
    path: "/v1/admin/reports/applications/series",
    tags: ["insights-admin"],
    summary: "Admin: applications over time across users, filtered by user, portal and job settings",
    security: bearerSecurity,
    middleware: [requireAdmin] as const,
    request: { query: AdminSeriesQuery },
    responses: {
      200: {
        description: "The series and its summary",
        content: {
          "application/json": {
            schema: Series.extend({ summary: Summary }).openapi("AdminApplicationsSeries"),
          },
        },
      },
      ...errorResponses(401, 403, 422),
    },
  }),
  async (c) => {
    const q = c.req.valid("query");
    const range = rangeOf(q);
    const role = q.role ? likePattern(q.role).slice(1, -1) : null;
    const out = await asUser(c, async (tx) => {
      const [filtered] = await tx<{ users: string[] | null }[]>`
        select private.admin_filtered_users(${q.user_id ?? null}::uuid[], ${role}, ${
        q.location ?? null
      }::text[],
          ${q.min_lpa_from ?? null}::numeric, ${q.min_lpa_to ?? null}::numeric) as users`;
      const users = filtered!.users;
      const rows = await tx<SeriesRow[]>`
        select bucket_start::text, applied, linkedin, naukri, indeed, viewed, shortlisted, interview, offer, rejected, responded
          from private.applications_series(${range.from}::date, ${range.to}::date, ${q.interval},
                                           ${q.portal ?? null}::text[], ${users}::uuid[])`;
      const [{ s }] = await tx<{ s: unknown }[]>`
        select private.applications_summary(${range.from}::date, ${range.to}::date, ${
        q.portal ?? null
      }::text[],
                                            ${users}::uuid[]) as s`;
      return { rows, s };
    });
    return c.json({
      ...range,
      interval: q.interval,
      time_zone: REPORT_TIME_ZONE,
      points: out.rows.map(toPoint),
      summary: toSummary(out.s, range),
    }, 200);
  },
);

// ---------------------------------------------------------------- GET /v1/admin/reports/applications/list

/** Every status of public.job_applications: the spec's three and the apply stack's pipeline states. */
const STATUSES = [
  "pending",
  "queued",
  "awaiting_approval",
  "submitting",
  "submitted",
  "needs_input",
  "held",
  "failed",
  "cancelled",
] as const;

const ApplicationItem = z
  .object({
    id: z.uuid(),
    user_id: z.uuid(),
    user_email: z.string().nullable(),
    portal: z.enum(PORTALS),
    company: z.string(),
    title: z.string(),
    status: z.enum(STATUSES),
    response_status: z.enum(RESPONSE_STATUSES),
    mode: z.enum(APPLY_MODES),
    resume_name: z.string().nullable(),
    match_score: z.number().int(),
    created_at: z.iso.datetime(),
    applied_at: z.iso.datetime().nullable(),
    updated_at: z.iso.datetime(),
  })
  .openapi("AdminReportApplication");

const AppListQuery = listParams(
  listQuery(["created_at", "applied_at", "updated_at", "company"], "-created_at").extend({
    ...SearchParam.shape,
    ...DateRangeParams.shape,
    ...UserIdsParam.shape,
    portal: arrayParam(z.enum(PORTALS), "Portals."),
    status: arrayParam(z.enum(STATUSES), "Statuses."),
    response_status: arrayParam(z.enum(RESPONSE_STATUSES), "Employer responses."),
  }),
);

interface AppRow {
  id: string;
  user_id: string;
  user_email: string | null;
  portal: (typeof PORTALS)[number];
  company: string;
  title: string;
  status: (typeof STATUSES)[number];
  response_status: (typeof RESPONSE_STATUSES)[number];
  mode: (typeof APPLY_MODES)[number];
  resume_name: string | null;
  match_score: number;
  created_at: Date;
  applied_at: Date | null;
  updated_at: Date;
}

insightsAdmin.openapi(
  createRoute({
    method: "get",
    path: "/v1/admin/reports/applications/list",
    tags: ["insights-admin"],
    summary: "Admin: applications across users with every filter (q: company, title, email)",
    description: "from/to bound created_at (UTC days or datetimes).",
    security: bearerSecurity,
    middleware: [requireAdmin] as const,
    request: { query: AppListQuery },
    responses: {
      200: { description: "A page", content: { "application/json": { schema: pageOf(ApplicationItem) } } },
      ...errorResponses(401, 403, 422),
    },
  }),
  async (c) => {
    const q = c.req.valid("query");
    const page = await asUser(c, async (tx) => {
      const where = listWhere(tx, q, {
        search: ["f.company", "f.title", "p.email"],
        date: "j.created_at",
        arrays: {
          user_id: { column: "j.user_id", type: "uuid" },
          portal: { column: "j.portal", type: "text" },
          status: { column: "j.status", type: "text" },
          response_status: { column: "j.response_status", type: "text" },
        },
      });
      const { limit, offset } = limitOffset(q);
      const rows = await tx<AppRow[]>`
        select j.id, j.user_id, p.email as user_email, j.portal, f.company, f.title, j.status, j.response_status, j.mode,
               r.name as resume_name, f.match_score, j.created_at, j.applied_at, j.updated_at
          from public.job_applications j
          join public.fetched_jobs f on f.id = j.fetched_job_id
          left join public.profiles p on p.id = j.user_id
          left join public.resume_versions v on v.id = j.resume_version_id
          left join public.resumes r on r.id = v.resume_id
         where ${where}
         ${
        orderBy(tx, q.sort, {
          columns: {
            created_at: tx`j.created_at`,
            applied_at: tx`j.applied_at`,
            updated_at: tx`j.updated_at`,
            company: tx`lower(f.company)`,
          },
          nullsLast: true,
          then: [tx`j.id`],
        })
      }
         limit ${limit} offset ${offset}`;
      const [{ total }] = await tx<{ total: number }[]>`
        select count(*)::int as total
          from public.job_applications j
          join public.fetched_jobs f on f.id = j.fetched_job_id
          left join public.profiles p on p.id = j.user_id
         where ${where}`;
      return toPage(
        rows.map((r) => ({
          ...r,
          created_at: r.created_at.toISOString(),
          applied_at: r.applied_at ? r.applied_at.toISOString() : null,
          updated_at: r.updated_at.toISOString(),
        })),
        total,
        q,
      );
    });
    return c.json(page, 200);
  },
);

// ---------------------------------------------------------------- GET /v1/admin/reports/resume-performance

const AdminPerformanceQuery = listParams(
  ReportRangeParams.extend({
    ...UserIdsParam.shape,
    resume_id: arrayParam(z.uuid(), "Resumes."),
    role_type: arrayParam(text().trim().min(1).max(80), "Resume role types (case-insensitive)."),
  }),
).superRefine(withRange);

insightsAdmin.openapi(
  createRoute({
    method: "get",
    path: "/v1/admin/reports/resume-performance",
    tags: ["insights-admin"],
    summary: "Admin: resume performance across users, with Wilson 95 % intervals",
    security: bearerSecurity,
    middleware: [requireAdmin] as const,
    request: { query: AdminPerformanceQuery },
    responses: {
      200: {
        description: "The report",
        content: { "application/json": { schema: ResumePerformanceReport } },
      },
      ...errorResponses(401, 403, 422),
    },
  }),
  async (c) => {
    const q = c.req.valid("query");
    const range = rangeOf(q);
    const rows = await asUser(c, (tx) =>
      tx<PerformanceRow[]>`
        select * from private.resume_performance(${range.from}::date, ${range.to}::date, ${
        q.resume_id ?? null
      }::uuid[],
                                                 ${q.user_id ?? null}::uuid[], ${
        q.role_type ?? null
      }::text[])`);
    return c.json({ ...range, time_zone: REPORT_TIME_ZONE, resumes: toResumes(rows) }, 200);
  },
);

// ---------------------------------------------------------------- GET /v1/admin/reports/certificates/stats

const CertStats = z
  .object({
    total: z.number().int(),
    by_status: z.object({
      pending: z.number().int(),
      verified: z.number().int(),
      rejected: z.number().int(),
    }),
    by_document_type: z.array(
      z.object({
        document_type: z.string(),
        total: z.number().int(),
        pending: z.number().int(),
        verified: z.number().int(),
        rejected: z.number().int(),
      }),
    ),
    reviewed: z.number().int(),
    median_review_hours: z.number().nullable(),
    p90_review_hours: z.number().nullable(),
    rejection_rate: z.number().nullable().openapi({
      description: "Rejected / decided; null when none was decided.",
    }),
    uploads_by_day: z.array(z.object({ day: z.iso.date(), uploads: z.number().int() })).openapi({
      description: "Uploads per IST day (days without uploads left out).",
    }),
  })
  .openapi("AdminCertificateStats");

const CertStatsQuery = listParams(
  z.object({
    ...DateRangeParams.shape,
    ...UserIdsParam.shape,
    status: arrayParam(z.enum(["pending", "verified", "rejected"]), "Statuses."),
  }),
);

insightsAdmin.openapi(
  createRoute({
    method: "get",
    path: "/v1/admin/reports/certificates/stats",
    tags: ["insights-admin"],
    summary: "Admin: certificates uploaded in a range by status and type, review times, rejection rate",
    description: "from/to bound uploaded_at (UTC days or datetimes).",
    security: bearerSecurity,
    middleware: [requireAdmin] as const,
    request: { query: CertStatsQuery },
    responses: {
      200: { description: "Statistics", content: { "application/json": { schema: CertStats } } },
      ...errorResponses(401, 403, 422),
    },
  }),
  async (c) => {
    const q = c.req.valid("query");
    const [row] = await asUser(c, (tx) =>
      tx<{ s: z.infer<typeof CertStats> }[]>`
        select private.admin_certificate_stats(${q.from ?? null}::timestamptz, ${q.to ?? null}::timestamptz,
                                               ${q.status ?? null}::text[], ${
        q.user_id ?? null
      }::uuid[]) as s`);
    return c.json(row!.s, 200);
  },
);

// ---------------------------------------------------------------- GET /v1/admin/reports/users

const UserReportItem = z
  .object({
    id: z.uuid(),
    email: z.string(),
    display_name: z.string().nullable(),
    role: z.enum(["user", "admin"]),
    created_at: z.iso.datetime(),
    last_sign_in_at: z.iso.datetime().nullable(),
    job_search_status: z.enum(["active", "paused", "not_set_up"]),
    github_linked: z.boolean(),
    verified_certificates: z.number().int(),
    resumes: z.number().int(),
    applications_total: z.number().int(),
    applications_30d: z.number().int(),
    open_high_skill_gaps: z.number().int(),
  })
  .openapi("AdminUserReportItem");

const BoolParam = z.enum(["true", "false"]).optional().transform((
  v,
) => (v === undefined ? undefined : v === "true"));

const UsersReportQuery = listParams(
  listQuery(["created_at", "email", "last_sign_in_at"], "-created_at").extend({
    ...SearchParam.shape,
    ...DateRangeParams.shape,
    search_active: BoolParam.openapi({ description: "true: job search on; false: off or not set up." }),
    github_linked: BoolParam,
  }),
);

interface UserReportRow extends Omit<z.infer<typeof UserReportItem>, "created_at" | "last_sign_in_at"> {
  created_at: Date;
  last_sign_in_at: Date | null;
}

insightsAdmin.openapi(
  createRoute({
    method: "get",
    path: "/v1/admin/reports/users",
    tags: ["insights-admin"],
    summary:
      "Admin: users with their activity (job search, GitHub, certificates, resumes, applications, gaps)",
    description: "from/to bound created_at (UTC days or datetimes); q searches email and name.",
    security: bearerSecurity,
    middleware: [requireAdmin] as const,
    request: { query: UsersReportQuery },
    responses: {
      200: { description: "A page", content: { "application/json": { schema: pageOf(UserReportItem) } } },
      ...errorResponses(401, 403, 422),
    },
  }),
  async (c) => {
    const q = c.req.valid("query");
    const page = await asUser(c, async (tx) => {
      const base = listWhere(tx, q, { search: ["p.email", "p.display_name"], date: "p.created_at" });
      const linked = tx`exists (select 1 from public.user_integrations i
                                 where i.user_id = p.id and i.provider = 'github' and i.status = 'connected')`;
      const where = tx`${base}
        and ${
        q.search_active === undefined ? tx`true` : tx`coalesce(s.search_active, false) = ${q.search_active}`
      }
        and ${q.github_linked === undefined ? tx`true` : tx`${linked} = ${q.github_linked}`}`;
      const { limit, offset } = limitOffset(q);
      const rows = await tx<UserReportRow[]>`
        select p.id, p.email, p.display_name, p.role, p.created_at, p.last_sign_in_at,
               case when s.user_id is null then 'not_set_up' when s.search_active then 'active' else 'paused' end as job_search_status,
               ${linked} as github_linked,
               (select count(*)::int from public.certificates c where c.user_id = p.id and c.status = 'verified') as verified_certificates,
               (select count(*)::int from public.resumes r where r.user_id = p.id) as resumes,
               (select coalesce(sum(a.applied), 0)::int from public.analytics_daily a where a.user_id = p.id) as applications_total,
               (select coalesce(sum(a.applied), 0)::int from public.analytics_daily a
                 where a.user_id = p.id and a.day > private.ist_day(now()) - 30) as applications_30d,
               (select count(*)::int from public.skill_gaps g
                 where g.user_id = p.id and g.status = 'open' and g.severity = 'high') as open_high_skill_gaps
          from public.profiles p
          left join public.job_settings s on s.user_id = p.id
         where ${where}
         ${
        orderBy(tx, q.sort, {
          columns: {
            created_at: tx`p.created_at`,
            email: tx`lower(p.email)`,
            last_sign_in_at: tx`p.last_sign_in_at`,
          },
          nullsLast: true,
          then: [tx`p.id`],
        })
      }
         limit ${limit} offset ${offset}`;
      const [{ total }] = await tx<{ total: number }[]>`
        select count(*)::int as total from public.profiles p left join public.job_settings s on s.user_id = p.id
         where ${where}`;
      return toPage(
        rows.map((r) => ({
          ...r,
          created_at: r.created_at.toISOString(),
          last_sign_in_at: r.last_sign_in_at ? r.last_sign_in_at.toISOString() : null,
        })),
        total,
        q,
      );
    });
    return c.json(page, 200);
  },
);
