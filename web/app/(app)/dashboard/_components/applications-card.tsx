import { ArrowRight, Send } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { DashboardSummary } from "@/lib/api";
import { PORTAL_LABELS } from "../../_lib/forms";

/**
 * Applications in the last 7 days (India time, today included), responses and interviews, and
 * the split by portal as plain bars (no chart library on the dashboard: its first load stays small).
 */
export function ApplicationsCard({ summary }: { summary: DashboardSummary | null }) {
  const max = Math.max(1, ...(summary?.applications_by_portal_7d.map((p) => p.count) ?? []));
  return (
    <Card className="md:col-span-2" data-test="dashboard-applications">
      <CardHeader>
        <CardTitle className="flex items-center gap-2 text-base">
          <Send className="size-4" aria-hidden />
          Applications this week
        </CardTitle>
        <CardDescription>The last 7 days, today included.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4 md:grid-cols-2 md:items-start">
        {summary === null ? (
          <p className="text-sm text-muted-foreground">
            Applications could not be loaded. Refresh to try again.
          </p>
        ) : (
          <>
            <dl className="grid grid-cols-3 gap-3">
              {[
                { id: "applications-7d", value: summary.applications_7d, label: "sent" },
                { id: "responses-7d", value: summary.responses_7d, label: "responses" },
                { id: "interviews-7d", value: summary.interviews_7d, label: "interviews" },
              ].map((s) => (
                <div key={s.id} className="rounded-lg border bg-background p-3">
                  <dd className="text-xl font-semibold tabular-nums" data-test={`dashboard-${s.id}`}>
                    {s.value}
                  </dd>
                  <dt className="text-xs text-muted-foreground">{s.label}</dt>
                </div>
              ))}
            </dl>
            {summary.applications_7d === 0 ? (
              <p className="text-sm text-muted-foreground" data-test="dashboard-applications-empty">
                {summary.job_search_status === "active"
                  ? "None sent this week. Apply to a job from the Jobs page, or turn on auto-apply in Job Control."
                  : "None sent this week. Start your job search first: matching jobs appear on the Jobs page."}
              </p>
            ) : (
              <ul
                className="grid gap-2"
                aria-label="Applications this week by portal"
                data-test="dashboard-applications-by-portal"
              >
                {summary.applications_by_portal_7d.map((p) => (
                  <li key={p.portal} className="grid grid-cols-[5.5rem_1fr_2rem] items-center gap-2 text-sm">
                    <span>{PORTAL_LABELS[p.portal]}</span>
                    <span className="h-2 rounded-full bg-muted" aria-hidden>
                      <span
                        className="block h-2 rounded-full bg-primary"
                        style={{ width: `${(p.count / max) * 100}%` }}
                      />
                    </span>
                    <span className="text-right tabular-nums">{p.count}</span>
                  </li>
                ))}
              </ul>
            )}
            <Button
              asChild
              variant="outline"
              className="justify-self-start md:col-span-2"
              data-test="dashboard-reports-link"
            >
              <Link href="/reports">
                See reports
                <ArrowRight />
              </Link>
            </Button>
          </>
        )}
      </CardContent>
    </Card>
  );
}
