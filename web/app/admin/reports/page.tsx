import Link from "next/link";
import { DataTable } from "@/components/charts/data-table";
import { ScrollRegion } from "@/components/charts/scroll-region";
import { LocalTime } from "@/components/local-time";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EXPORT_TYPE_LABELS } from "@/lib/export-types";
import { requireUser, serverApi } from "@/lib/supabase/server";
import { ApplicationsOverTime, Funnel } from "../../(app)/reports/_components/applications-section";
import { DateRangeBar } from "../../(app)/reports/_components/date-range";
import { ExportPanel } from "../../(app)/reports/_components/export-panel";
import { ResumePerformance } from "../../(app)/reports/_components/resume-performance";
import { applicationsView, resumeRows } from "../../(app)/reports/_lib/load";
import { readRange } from "../../(app)/reports/_lib/range";
import { AdminHeader } from "../_components/admin-header";
import { ApiErrorAlert } from "../_components/api-error";
import { filterParams, ReportFilterBar, readReportFilters } from "./_components/report-filters";

export const metadata = { title: "Reports" };

/** Resumes shown in the console; the export holds them all. */
const TOP_RESUMES = 10;
const pct = (x: number | null) => (x === null ? "–" : `${Math.round(x * 100)} %`);
const hours = (h: number | null) =>
  h === null ? "–" : h < 1 ? `${Math.round(h * 60)} min` : `${h.toFixed(1)} h`;

/**
 * The admin reports: applications across users over the range (by portal, the funnel), resume
 * performance across users, certificate review statistics, the newest users with their activity,
 * and the platform exports (each one audited).
 */
export default async function AdminReportsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser();
  const api = serverApi(user.accessToken).insights;
  const sp = await searchParams;
  const range = readRange(sp);
  const filters = readReportFilters(sp);
  const q = { from: range.from, to: range.to };
  const emptyText = Object.keys(filterParams(filters)).length
    ? "No applications match these filters in this range."
    : "No applications across users in this range.";
  const [series, resumes, certificates, users] = await Promise.allSettled([
    api.adminApplicationsSeries({
      ...q,
      interval: range.interval,
      portal: filters.portal || undefined,
      role: filters.role || undefined,
      location: filters.location || undefined,
      min_lpa_from: filters.min_lpa_from ? Number(filters.min_lpa_from) : undefined,
      min_lpa_to: filters.min_lpa_to ? Number(filters.min_lpa_to) : undefined,
    }),
    api.adminResumePerformance(q),
    api.adminCertificateStats(q),
    api.adminUsersReport({ page_size: 10, sort: "-created_at" }),
  ]);
  return (
    <>
      <AdminHeader title="Reports" description="Platform activity for a date range, and exports." />
      <div className="grid gap-6">
        <DateRangeBar range={range} basePath="/admin/reports" keep={filterParams(filters)} />
        <ReportFilterBar range={range} filters={filters} />
        {series.status === "rejected" ? (
          <ApiErrorAlert error={series.reason} />
        ) : (
          <div className="grid gap-6 lg:grid-cols-5">
            <Card className="min-w-0 lg:col-span-3" data-test="admin-report-applications">
              <CardContent className="px-4 sm:px-6">
                <ApplicationsOverTime
                  title="Applications across users"
                  view={applicationsView(series.value, series.value.summary)}
                  emptyText={emptyText}
                />
              </CardContent>
            </Card>
            <Card className="min-w-0 lg:col-span-2" data-test="admin-report-funnel">
              <CardContent className="px-4 sm:px-6">
                <Funnel view={applicationsView(series.value, series.value.summary)} emptyText={emptyText} />
              </CardContent>
            </Card>
          </div>
        )}
        <Card className="min-w-0" data-test="admin-report-resumes">
          <CardHeader>
            <CardTitle className="text-base">Resume performance across users</CardTitle>
            <CardDescription>
              The resumes sent with the most applications in the range, and their response rates.
            </CardDescription>
          </CardHeader>
          <CardContent>
            {resumes.status === "rejected" ? (
              <ApiErrorAlert error={resumes.reason} />
            ) : (
              <>
                <ResumePerformance
                  rows={resumeRows({
                    ...resumes.value,
                    resumes: resumes.value.resumes
                      .toSorted((a, b) => b.applications - a.applications)
                      .slice(0, TOP_RESUMES),
                  }).map((r) => {
                    const owner = resumes.value.resumes.find((x) => x.resume_id === r.key)?.user_id;
                    return owner ? { ...r, ownerHref: `/admin/users/${owner}` } : r;
                  })}
                />
                {resumes.value.resumes.length > TOP_RESUMES ? (
                  <p className="mt-2 text-xs text-muted-foreground" data-test="admin-resumes-more">
                    The {TOP_RESUMES} resumes with the most applications of {resumes.value.resumes.length};
                    export resume performance for all of them.
                  </p>
                ) : null}
              </>
            )}
          </CardContent>
        </Card>
        <div className="grid gap-6 lg:grid-cols-2">
          <Card className="min-w-0" data-test="admin-report-certificates">
            <CardHeader>
              <CardTitle className="text-base">Certificates</CardTitle>
              <CardDescription>Uploaded in the range, and how review went.</CardDescription>
            </CardHeader>
            <CardContent className="grid gap-4">
              {certificates.status === "rejected" ? (
                <ApiErrorAlert error={certificates.reason} />
              ) : (
                <>
                  <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
                    {[
                      { id: "total", label: "Uploaded", value: String(certificates.value.total) },
                      {
                        id: "pending",
                        label: "Pending",
                        value: String(certificates.value.by_status.pending),
                      },
                      { id: "rejection", label: "Rejected", value: pct(certificates.value.rejection_rate) },
                      {
                        id: "review",
                        label: "Median review",
                        value: hours(certificates.value.median_review_hours),
                      },
                    ].map((s) => (
                      <div
                        key={s.id}
                        className="rounded-lg border bg-background p-3"
                        data-test={`cert-stat-${s.id}`}
                      >
                        <dt className="text-xs text-muted-foreground">{s.label}</dt>
                        <dd className="text-xl font-semibold tabular-nums">{s.value}</dd>
                      </div>
                    ))}
                  </dl>
                  {certificates.value.by_document_type.length ? (
                    <ScrollRegion label="Certificates by document type">
                      <DataTable
                        caption="Certificates by document type"
                        rowKey={(r) => r.document_type}
                        rows={certificates.value.by_document_type}
                        columns={[
                          {
                            key: "document_type",
                            header: "Type",
                            cell: (r) => r.document_type.replace(/_/g, " "),
                          },
                          { key: "total", header: "Uploaded", numeric: true, cell: (r) => r.total },
                          { key: "verified", header: "Verified", numeric: true, cell: (r) => r.verified },
                          { key: "rejected", header: "Rejected", numeric: true, cell: (r) => r.rejected },
                          { key: "pending", header: "Pending", numeric: true, cell: (r) => r.pending },
                        ]}
                      />
                    </ScrollRegion>
                  ) : (
                    <p className="text-sm text-muted-foreground">No certificates uploaded in this range.</p>
                  )}
                </>
              )}
            </CardContent>
          </Card>
          <Card className="min-w-0" data-test="admin-report-exports">
            <CardHeader>
              <CardTitle className="text-base">Export</CardTitle>
              <CardDescription>
                Platform data for this range as CSV or PDF. Every export is audited.
              </CardDescription>
            </CardHeader>
            <CardContent>
              <ExportPanel
                from={range.from}
                to={range.to}
                scope="admin"
                dataTest="admin-export"
                types={(["applications", "users", "resume_performance", "skill_gaps"] as const).map(
                  (value) => ({
                    value,
                    label: EXPORT_TYPE_LABELS[value],
                  }),
                )}
              />
            </CardContent>
          </Card>
        </div>
        <Card className="min-w-0" data-test="admin-report-users">
          <CardHeader>
            <CardTitle className="text-base">Newest users</CardTitle>
            <CardDescription>Their activity so far; open one for the full profile.</CardDescription>
          </CardHeader>
          <CardContent className="overflow-x-auto">
            {users.status === "rejected" ? (
              <ApiErrorAlert error={users.reason} />
            ) : (
              <DataTable
                caption="Newest users and their activity"
                rowKey={(u) => u.id}
                rows={users.value.items}
                dataTest="admin-users-report"
                columns={[
                  {
                    key: "email",
                    header: "User",
                    cell: (u) => (
                      <>
                        <Link
                          href={`/admin/users/${u.id}`}
                          className="text-primary underline-offset-4 hover:underline"
                        >
                          {u.display_name ?? u.email}
                        </Link>
                        <span className="block text-xs font-normal text-muted-foreground">{u.email}</span>
                      </>
                    ),
                  },
                  {
                    key: "joined",
                    header: "Joined",
                    cell: (u) => <LocalTime iso={u.created_at} />,
                  },
                  {
                    key: "search",
                    header: "Job search",
                    cell: (u) => (
                      <Badge variant={u.job_search_status === "active" ? "default" : "secondary"}>
                        {u.job_search_status.replace(/_/g, " ")}
                      </Badge>
                    ),
                  },
                  {
                    key: "apps",
                    header: "Applications, 30 d",
                    numeric: true,
                    cell: (u) => u.applications_30d,
                  },
                  { key: "resumes", header: "Resumes", numeric: true, cell: (u) => u.resumes },
                  {
                    key: "certs",
                    header: "Verified certificates",
                    numeric: true,
                    cell: (u) => u.verified_certificates,
                  },
                  {
                    key: "gaps",
                    header: "High skill gaps",
                    numeric: true,
                    cell: (u) => u.open_high_skill_gaps,
                  },
                ]}
              />
            )}
          </CardContent>
        </Card>
      </div>
    </>
  );
}
