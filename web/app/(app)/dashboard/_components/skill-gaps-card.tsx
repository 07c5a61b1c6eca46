import { ArrowRight, TriangleAlert } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { DashboardSummary } from "@/lib/api";
import { SeverityBadge } from "../../reports/_components/skill-gaps";

/**
 * Skill-gap alerts: how many high-severity gaps are open and the top few, each with how many of
 * the user's matching jobs ask for it. Without matching jobs there is nothing to compare: it says so.
 */
export function SkillGapsCard({ summary }: { summary: DashboardSummary | null }) {
  return (
    <Card data-test="dashboard-skill-gaps">
      <CardHeader>
        <CardTitle className="flex items-center justify-between gap-2 text-base">
          <span className="flex items-center gap-2">
            <TriangleAlert className="size-4" aria-hidden />
            Skill gap alerts
          </span>
          {summary && summary.skill_gap_alerts_count > 0 ? (
            <span
              className="rounded-full bg-red-50 px-2 py-0.5 text-xs font-medium text-red-800 dark:bg-red-950 dark:text-red-200"
              data-test="dashboard-skill-gap-alerts"
            >
              {summary.skill_gap_alerts_count} high
            </span>
          ) : null}
        </CardTitle>
        <CardDescription>
          Skills your matching jobs ask for that your profile does not show yet.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {summary === null ? (
          <p className="text-sm text-muted-foreground">
            Skill gaps could not be loaded. Refresh to try again.
          </p>
        ) : summary.top_skill_gaps.length === 0 ? (
          <p className="text-sm text-muted-foreground" data-test="dashboard-skill-gaps-empty">
            {summary.new_jobs_count === 0 && summary.job_search_status !== "active"
              ? "Gaps show once CareerPilot has matching jobs to compare you with: start your job search."
              : "No gaps: your projects, career record and verified certificates cover what your matching jobs ask for."}
          </p>
        ) : (
          <ul className="grid gap-2" data-test="dashboard-top-gaps">
            {summary.top_skill_gaps.map((g) => (
              <li
                key={g.id}
                className="flex items-center justify-between gap-3 text-sm"
                data-test="dashboard-gap"
              >
                <span className="min-w-0">
                  <span className="font-medium">{g.skill}</span>
                  <span className="block text-xs text-muted-foreground">
                    {g.job_count} of {g.jobs_considered} matching jobs
                  </span>
                </span>
                <SeverityBadge severity={g.severity} />
              </li>
            ))}
          </ul>
        )}
        <Button
          asChild
          variant="outline"
          className="justify-self-start"
          data-test="dashboard-skill-gaps-link"
        >
          <Link href="/reports#skill-gaps">
            What would close them
            <ArrowRight />
          </Link>
        </Button>
      </CardContent>
    </Card>
  );
}
