import { CircleAlert, FileCheck2, KeyRound, Search, Send, Users } from "lucide-react";
import Link from "next/link";
import { ChartFigure } from "@/components/charts/chart-figure";
import { DataTable } from "@/components/charts/data-table";
import { BarListChart } from "@/components/charts/lazy";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { AdminApplicationsSeries, AdminDashboard } from "@/lib/api";
import { requireUser, serverApi } from "@/lib/supabase/server";
import { PORTAL_LABELS } from "../(app)/_lib/forms";
import { ApplicationsOverTime } from "../(app)/reports/_components/applications-section";
import { applicationsView } from "../(app)/reports/_lib/load";
import { lastDays } from "../(app)/reports/_lib/range";
import { AdminHeader } from "./_components/admin-header";
import { ApiErrorAlert } from "./_components/api-error";

export const metadata = { title: "Dashboard" };

const ERROR_KINDS = [
  { key: "dead_letters", label: "Events given up on" },
  { key: "failed_fetch_runs", label: "Failed job fetches" },
  { key: "failed_apply_runs", label: "Failed apply runs" },
  { key: "failed_applications", label: "Failed applications" },
] as const;

/** "56 applications, most on LinkedIn." (ties named together), or nothing without applications. */
function portalsSummary(portals: { label: string; value: number }[]): string | undefined {
  const total = portals.reduce((n, p) => n + p.value, 0);
  if (!total) return undefined;
  const top = Math.max(...portals.map((p) => p.value));
  const most = portals.filter((p) => p.value === top).map((p) => p.label);
  const names = most.length > 1 ? `${most.slice(0, -1).join(", ")} and ${most.at(-1)}` : most[0];
  return `${total} applications, most on ${names}${most.length > 1 ? ` (${top} each)` : ""}.`;
}

/**
 * The console's first page: the platform's numbers (each card links to where to act), the
 * portals applications went to this week, what failed in the last 24 hours, and applications
 * across users over the last 30 days.
 */
export default async function AdminDashboardPage() {
  const user = await requireUser();
  const api = serverApi(user.accessToken);
  const month = lastDays(30);
  const [dashboard, series] = await Promise.allSettled([
    api.admin.dashboard(),
    api.insights.adminApplicationsSeries({ ...month, interval: "day" }),
  ]);
  if (dashboard.status === "rejected") return <ApiErrorAlert error={dashboard.reason} />;
  const data: AdminDashboard = dashboard.value;
  const trend: AdminApplicationsSeries | null = series.status === "fulfilled" ? series.value : null;
  const cards = [
    {
      id: "users",
      title: "Users",
      value: data.total_users,
      note: `${data.new_users_7d} new this week · ${data.admins} admin${data.admins === 1 ? "" : "s"}`,
      href: "/admin/users",
      icon: Users,
    },
    {
      id: "job-searches",
      title: "Active job searches",
      value: data.active_job_searches,
      note: "Users with the search on",
      href: "/admin/users",
      icon: Search,
    },
    {
      id: "applications-24h",
      title: "Applications, 24 h",
      value: data.applications_24h,
      note: "Submitted in the last 24 hours",
      href: "/admin/reports",
      icon: Send,
    },
    {
      id: "pending-certificates",
      title: "Certificates to review",
      value: data.pending_certificates,
      note: data.pending_certificates ? "Waiting in the queue" : "The queue is empty",
      href: "/admin/certificates",
      icon: FileCheck2,
    },
    {
      id: "keys-expiring",
      title: "Platform keys expiring",
      value: data.api_key_expiry_alerts,
      note: `${data.api_keys_missing} not set yet · within 14 days or expired`,
      href: "/admin/api-management",
      icon: KeyRound,
    },
    {
      id: "errors-24h",
      title: "Errors, 24 h",
      value: data.errors_24h.total,
      note: data.errors_24h.total ? "Dead letters and failed runs: by kind below" : "Nothing failed",
      href: "/admin#errors",
      icon: CircleAlert,
    },
  ];
  const portals = data.top_portals_7d.map((p) => ({
    key: p.portal,
    label: PORTAL_LABELS[p.portal],
    value: p.applications,
  }));
  return (
    <>
      <AdminHeader title="Dashboard" description="What needs an admin today." />
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
        {cards.map((c) => (
          <Link key={c.id} href={c.href} className="group" data-test={`admin-card-${c.id}`}>
            <Card className="h-full transition-colors group-hover:border-primary/50">
              <CardHeader>
                <CardDescription className="flex items-center gap-2">
                  <c.icon className="size-4" aria-hidden /> {c.title}
                </CardDescription>
                <CardTitle className="text-3xl tabular-nums" data-test="admin-card-value">
                  {c.value}
                </CardTitle>
              </CardHeader>
              <CardContent className="text-sm text-muted-foreground">{c.note}</CardContent>
            </Card>
          </Link>
        ))}
      </div>
      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <Card className="min-w-0" data-test="admin-top-portals">
          <CardContent className="px-4 sm:px-6">
            <ChartFigure
              title="Top portals, 7 days"
              summary={portalsSummary(portals)}
              dataTest="admin-portals-chart"
              empty={
                portals.length ? undefined : (
                  <p className="text-sm text-muted-foreground">No applications in the last 7 days.</p>
                )
              }
              chart={<BarListChart bars={portals} />}
              table={
                <DataTable
                  caption="Applications per portal in the last 7 days"
                  rowKey={(p) => p.key}
                  rows={portals}
                  columns={[
                    { key: "label", header: "Portal", cell: (p) => p.label },
                    { key: "value", header: "Applications", numeric: true, cell: (p) => p.value },
                  ]}
                />
              }
            />
          </CardContent>
        </Card>
        <Card className="min-w-0 scroll-mt-20" id="errors" data-test="admin-errors">
          <CardHeader>
            <CardTitle className="text-base">Errors, last 24 hours</CardTitle>
            <CardDescription>From the event bus's dead letters and failed runs.</CardDescription>
          </CardHeader>
          <CardContent>
            <DataTable
              caption="Errors in the last 24 hours by kind"
              captionHidden
              rowKey={(k) => k.key}
              rows={[...ERROR_KINDS]}
              dataTest="admin-errors-table"
              columns={[
                { key: "label", header: "Kind", cell: (k) => k.label },
                { key: "count", header: "Count", numeric: true, cell: (k) => data.errors_24h[k.key] },
              ]}
            />
          </CardContent>
        </Card>
        <Card className="min-w-0 lg:col-span-2" data-test="admin-applications-trend">
          <CardContent className="px-4 sm:px-6">
            {trend ? (
              <ApplicationsOverTime
                title="Applications across users, 30 days"
                view={applicationsView(trend, trend.summary)}
              />
            ) : (
              <ApiErrorAlert error={series.status === "rejected" ? series.reason : null} />
            )}
          </CardContent>
        </Card>
      </div>
    </>
  );
}
