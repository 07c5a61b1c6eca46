import { CalendarClock } from "lucide-react";
import { LocalTime } from "@/components/local-time";
import type { JobFetchPortalSchedule, JobSettings } from "@/lib/api";
import { PORTAL_LABELS } from "../../_lib/forms";

/** The cron looks for due fetches every 15 minutes (private.schedule_job_fetches). */
const CRON_TICK_MINUTES = 15;

/**
 * When an active search next runs and when it last ran, from the job fetcher's schedule; "Not
 * scheduled" (and why) whenever no run is coming.
 */
export function JobSearchSchedule({
  job,
  schedule,
  now = Date.now(),
}: {
  job: JobSettings;
  schedule: JobFetchPortalSchedule[] | null;
  now?: number;
}) {
  if (schedule === null) {
    return (
      <p className="text-sm text-muted-foreground" data-test="job-search-next-run">
        When the search next runs could not be loaded. Refresh to try again.
      </p>
    );
  }
  const next = schedule
    .filter((p): p is JobFetchPortalSchedule & { next_run_at: string } => p.next_run_at !== null)
    .sort((a, b) => a.next_run_at.localeCompare(b.next_run_at));
  const last = schedule
    .filter((p): p is JobFetchPortalSchedule & { last_started_at: string } => p.last_started_at !== null)
    .sort((a, b) => a.last_started_at.localeCompare(b.last_started_at))
    .at(-1);
  const soonest = next[0];
  const soonestPortals = next
    .filter((p) => p.next_run_at === soonest?.next_run_at)
    .map((p) => PORTAL_LABELS[p.portal]);

  let nextRun: React.ReactNode;
  if (!job.search_active) nextRun = "Not scheduled: the search is paused.";
  else if (!soonest) nextRun = "Not scheduled.";
  else if (new Date(soonest.next_run_at).getTime() <= now)
    nextRun = `Due now (${soonestPortals.join(", ")}): it starts within ${CRON_TICK_MINUTES} minutes.`;
  else
    nextRun = (
      <>
        <LocalTime iso={soonest.next_run_at} data-test="job-search-next-run-time" /> (
        {soonestPortals.join(", ")})
      </>
    );

  return (
    <dl className="grid gap-1 rounded-lg border bg-background p-3 text-sm" data-test="job-search-schedule">
      <div className="flex flex-wrap gap-x-1.5">
        <dt className="flex items-center gap-1.5 font-medium">
          <CalendarClock className="size-4 text-muted-foreground" />
          Next run:
        </dt>
        <dd className="text-muted-foreground" data-test="job-search-next-run">
          {nextRun}
        </dd>
      </div>
      <div className="flex flex-wrap gap-x-1.5 pl-5.5">
        <dt className="font-medium">Last run:</dt>
        <dd className="text-muted-foreground" data-test="job-search-last-run">
          {last ? (
            <>
              <LocalTime iso={last.last_started_at} data-test="job-search-last-run-time" /> (
              {PORTAL_LABELS[last.portal]}
              {last.last_status === "failed" ? ", failed" : last.last_status === "running" ? ", running" : ""}
              )
            </>
          ) : (
            "None yet."
          )}
        </dd>
      </div>
    </dl>
  );
}
