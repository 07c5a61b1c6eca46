import { CircleAlert, CircleCheck, LoaderCircle } from "lucide-react";
import type { JobFetchRun } from "@/lib/api";
import { cn } from "@/lib/utils";
import { PORTAL_LABELS } from "../../_lib/forms";
import { exactTime, relativeTime } from "../../notifications/_lib/relative-time";

/** Recent fetch runs: when, which portal, what they found, and what went wrong in plain words. */
export function RunHistory({ runs }: { runs: JobFetchRun[] }) {
  if (runs.length === 0) {
    return (
      <p className="text-sm text-muted-foreground" data-test="runs-empty">
        No fetch has run yet.
      </p>
    );
  }
  return (
    <ul className="grid gap-2" data-test="runs">
      {runs.map((r) => (
        <li
          key={r.id}
          className="rounded-lg border bg-card p-3 text-sm"
          data-test="run"
          data-status={r.status}
        >
          <div className="flex flex-wrap items-center justify-between gap-2">
            <p className="flex items-center gap-1.5 font-medium">
              {r.status === "running" ? (
                <LoaderCircle className="size-4 animate-spin text-primary" />
              ) : r.status === "completed" ? (
                <CircleCheck className="size-4 text-emerald-600" />
              ) : (
                <CircleAlert className="size-4 text-destructive" />
              )}
              {PORTAL_LABELS[r.portal]}
              <span className="font-normal text-muted-foreground">
                · {r.trigger === "manual" ? "Fetch now" : "scheduled"} ·{" "}
                <time title={exactTime(r.started_at)}>{relativeTime(r.started_at)}</time>
              </span>
            </p>
            <p className="text-muted-foreground" data-test="run-counts">
              {r.status === "running" ? "running…" : `${r.jobs_found} found · ${r.new_jobs_added} new`}
            </p>
          </div>
          {r.errors.length ? (
            <ul className="mt-2 grid gap-1" data-test="run-errors">
              {r.errors.map((e, i) => (
                <li
                  // biome-ignore lint/suspicious/noArrayIndexKey: a run's errors never reorder
                  key={i}
                  className={cn(
                    "text-xs",
                    e.code === "malformed" && r.status === "completed"
                      ? "text-muted-foreground"
                      : "text-destructive",
                  )}
                >
                  {e.message}
                </li>
              ))}
            </ul>
          ) : null}
          {r.blocked_until && Date.parse(r.blocked_until) > Date.now() ? (
            <p className="mt-1 text-xs text-amber-700" data-test="run-blocked">
              {PORTAL_LABELS[r.portal]} is paused for your account until {exactTime(r.blocked_until)} so it is
              not hammered.
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
