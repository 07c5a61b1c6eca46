import { ArrowRight, BriefcaseBusiness, CircleAlert } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { ApiClient, JobFetchPortalSchedule } from "@/lib/api";
import { PORTAL_LABELS } from "../../_lib/forms";
import { relativeTime } from "../../notifications/_lib/relative-time";

export interface JobSearchStatus {
  queued: number;
  schedule: JobFetchPortalSchedule[];
}

/** Queued job count and each portal's last fetch (new jobs come with the dashboard summary). */
export async function jobSearchStatus(api: ApiClient): Promise<JobSearchStatus> {
  const [queued, schedule] = await Promise.all([
    api.jobs.list({ status: "queued", page_size: 1 }),
    api.jobs.schedule(),
  ]);
  return { queued: queued.total, schedule };
}

/**
 * The dashboard's job search status: what the fetcher found (`newJobs`, from the dashboard
 * summary) and how each portal is doing.
 */
export function JobSearchStatusCard({
  status,
  newJobs,
}: {
  status: JobSearchStatus | null;
  newJobs: number | null;
}) {
  const latest = status?.schedule
    .map((p) => p.last_started_at)
    .filter((t): t is string => Boolean(t))
    .sort()
    .at(-1);
  const failing = status?.schedule.filter((p) => p.last_status === "failed") ?? [];
  return (
    <Card data-test="dashboard-job-fetch">
      <CardHeader>
        <CardTitle className="flex items-center gap-2 text-base">
          <BriefcaseBusiness className="size-4" />
          Job search status
        </CardTitle>
        <CardDescription>
          {latest ? `Last fetched ${relativeTime(latest)}.` : "No fetch has run yet."}
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {status ? (
          <>
            <div className="grid grid-cols-2 gap-3">
              <div className="rounded-lg border bg-background p-3">
                <span className="block text-xl font-semibold tabular-nums" data-test="dashboard-new-jobs">
                  {newJobs ?? "–"}
                </span>
                <span className="text-sm text-muted-foreground">new jobs</span>
              </div>
              <div className="rounded-lg border bg-background p-3">
                <span className="block text-xl font-semibold tabular-nums" data-test="dashboard-queued-jobs">
                  {status.queued}
                </span>
                <span className="text-sm text-muted-foreground">queued to apply</span>
              </div>
            </div>
            {failing.length ? (
              <p
                className="flex items-center gap-1.5 text-sm text-amber-700"
                data-test="dashboard-fetch-failing"
              >
                <CircleAlert className="size-4" />
                The last fetch from {failing.map((p) => PORTAL_LABELS[p.portal]).join(", ")} failed; see why
                on the Jobs page.
              </p>
            ) : null}
          </>
        ) : (
          <p className="text-sm text-muted-foreground">
            The job search status could not be loaded. Refresh to try again.
          </p>
        )}
        <Button asChild variant="outline" className="justify-self-start">
          <Link href="/jobs">
            Browse jobs
            <ArrowRight />
          </Link>
        </Button>
      </CardContent>
    </Card>
  );
}
