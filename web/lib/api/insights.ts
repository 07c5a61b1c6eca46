/**
 * The insights function's client methods and the names the UI uses for its shapes (aliases of
 * the generated types, like ./types.ts). Kept in its own file: `createApiClient` (./index.ts)
 * mounts these as `api.insights`.
 */
import type { Client } from "openapi-fetch";
import type * as Insights from "./generated/insights";

type Schemas = Insights.components["schemas"];
type Paths = Insights.paths;
type QueryOf<P extends keyof Paths> = Paths[P] extends { get: { parameters: { query?: infer Q } } }
  ? NonNullable<Q>
  : never;

/** `GET /insights/v1/dashboard/summary`: every card of the dashboard. */
export type DashboardSummary = Schemas["DashboardSummary"];
/** `GET /insights/v1/reports/applications/series`. */
export type ApplicationsSeries = Schemas["ApplicationsSeries"];
export type ApplicationsSeriesQuery = QueryOf<"/insights/v1/reports/applications/series">;
/** `GET /insights/v1/reports/applications/summary`. */
export type ApplicationsSummary = Schemas["ApplicationsSummary"];
export type ApplicationsSummaryQuery = QueryOf<"/insights/v1/reports/applications/summary">;
/** `GET /insights/v1/reports/resume-performance`. */
export type ResumePerformanceReport = Schemas["ResumePerformanceReport"];
export type ResumePerformanceQuery = QueryOf<"/insights/v1/reports/resume-performance">;
/** `GET /insights/v1/insights/skill-gaps` items and query. */
export type SkillGap = Schemas["SkillGap"];
export type SkillGapsQuery = QueryOf<"/insights/v1/insights/skill-gaps">;
/** An export's state and, once ready, its signed link (`GET …/reports/exports`, `…/exports/{id}`). */
export type ReportExport = Schemas["ReportExport"];
export type ReportExportQuery = QueryOf<"/insights/v1/reports/exports">;
/** What a user (applications, jobs, skill gaps, resume performance) or an admin (… users) can export. */
export type ExportType = ReportExportQuery["type"] | AdminExportQuery["type"];
export type ExportFormat = NonNullable<ReportExportQuery["format"]>;
/** `GET /insights/v1/admin/dashboard/summary`. */
export type PlatformMetrics = Schemas["PlatformMetrics"];
export type AdminApplicationsSeries = Schemas["AdminApplicationsSeries"];
export type AdminApplicationsSeriesQuery = QueryOf<"/insights/v1/admin/reports/applications/series">;
export type AdminReportApplication = Schemas["AdminReportApplication"];
export type AdminApplicationsListQuery = QueryOf<"/insights/v1/admin/reports/applications/list">;
export type AdminResumePerformanceQuery = QueryOf<"/insights/v1/admin/reports/resume-performance">;
export type AdminCertificateStats = Schemas["AdminCertificateStats"];
export type AdminCertificateStatsQuery = QueryOf<"/insights/v1/admin/reports/certificates/stats">;
export type AdminUserReportItem = Schemas["AdminUserReportItem"];
export type AdminUsersReportQuery = QueryOf<"/insights/v1/admin/reports/users">;
export type AdminExportQuery = QueryOf<"/insights/v1/admin/reports/exports">;
/** The report email schedule. */
export type ReportSchedule = Schemas["ReportEmailSubscription"]["schedule"];
export type ReportEmailSubscription = Schemas["ReportEmailSubscription"];

type Unwrap = <T>(pending: Promise<{ data?: T; error?: unknown; response: Response }>) => Promise<T>;
type Compact = <Q extends object>(query: Q) => Partial<Q>;

/** `api.insights`: the user's dashboard, reports, skill gaps, exports and report emails. */
export function insightsMethods(client: Client<Paths>, unwrap: Unwrap, compact: Compact) {
  return {
    /** Every card of the dashboard in one request. */
    dashboard: () => unwrap(client.GET("/insights/v1/dashboard/summary")),
    /** Applications per IST day or week, by portal, with funnel stages. */
    applicationsSeries: (query: ApplicationsSeriesQuery) =>
      unwrap(client.GET("/insights/v1/reports/applications/series", { params: { query: compact(query) } })),
    /** Totals, the funnel and response rates (with Wilson intervals) for a range. */
    applicationsSummary: (query: ApplicationsSummaryQuery) =>
      unwrap(client.GET("/insights/v1/reports/applications/summary", { params: { query: compact(query) } })),
    /** Per resume and version: applications, stages and response rate with its interval. */
    resumePerformance: (query: ResumePerformanceQuery) =>
      unwrap(client.GET("/insights/v1/reports/resume-performance", { params: { query: compact(query) } })),
    /** One page of open skill gaps, most severe first. */
    skillGaps: (query: SkillGapsQuery = {}) =>
      unwrap(client.GET("/insights/v1/insights/skill-gaps", { params: { query: compact(query) } })),
    /** The report email schedule (weekly until chosen). */
    emailSchedule: () => unwrap(client.GET("/insights/v1/reports/email/subscription")),
    /**
     * Starts an export: ready at once (a small CSV, `status: "ready"` with `file_url`) or made by
     * the runner (`status: "pending"`: follow it with {@link exportStatus}).
     */
    exportReport: (query: ReportExportQuery) =>
      unwrap(client.GET("/insights/v1/reports/exports", { params: { query } })),
    /** An export of the caller's: its state, and a fresh signed link once ready. */
    exportStatus: (id: string) =>
      unwrap(client.GET("/insights/v1/reports/exports/{id}", { params: { path: { id } } })),
    /** Admin: starts a platform export (audited); followed like the user's with {@link exportStatus}. */
    adminExportReport: (query: AdminExportQuery) =>
      unwrap(client.GET("/insights/v1/admin/reports/exports", { params: { query } })),
    /** Admin: platform metrics for the console's dashboard. */
    adminMetrics: () => unwrap(client.GET("/insights/v1/admin/dashboard/summary")),
    /** Admin: applications over time across users, with the summary of the same range. */
    adminApplicationsSeries: (query: AdminApplicationsSeriesQuery) =>
      unwrap(
        client.GET("/insights/v1/admin/reports/applications/series", { params: { query: compact(query) } }),
      ),
    /** Admin: one page of applications across users. */
    adminApplications: (query: AdminApplicationsListQuery = {}) =>
      unwrap(
        client.GET("/insights/v1/admin/reports/applications/list", { params: { query: compact(query) } }),
      ),
    /** Admin: resume performance across users. */
    adminResumePerformance: (query: AdminResumePerformanceQuery = {}) =>
      unwrap(
        client.GET("/insights/v1/admin/reports/resume-performance", { params: { query: compact(query) } }),
      ),
    /** Admin: certificates uploaded in a range by status and type, review times, rejection rate. */
    adminCertificateStats: (query: AdminCertificateStatsQuery = {}) =>
      unwrap(
        client.GET("/insights/v1/admin/reports/certificates/stats", { params: { query: compact(query) } }),
      ),
    /** Admin: the users report. */
    adminUsersReport: (query: AdminUsersReportQuery = {}) =>
      unwrap(client.GET("/insights/v1/admin/reports/users", { params: { query: compact(query) } })),
    /** Chooses the report email schedule. */
    setEmailSchedule: (schedule: ReportSchedule) =>
      unwrap(client.POST("/insights/v1/reports/email/subscription", { body: { schedule } })),
  };
}
