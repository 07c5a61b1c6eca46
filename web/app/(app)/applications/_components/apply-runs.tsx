import { ListChecks } from "lucide-react";
import Link from "next/link";
import type { JobApplyRun } from "@/lib/api";
import { cn } from "@/lib/utils";
import { EmptyState } from "../../_components/empty-state";
import { exactTime, relativeTime } from "../../notifications/_lib/relative-time";
import { MODE_LABELS, runState } from "../_lib/labels";
import { type ApplicationsState, applicationsHref } from "../_lib/query";

/**
 * The user's apply runs, newest first: each manual application, batch and auto-apply pass, with
 * how many of its applications went out, failed or still wait, and a link to them in the tracker.
 */
export function ApplyRuns({ runs, state }: { runs: JobApplyRun[]; state: ApplicationsState }) {
  if (runs.length === 0) {
    return (
      <EmptyState test="runs-empty" icon={ListChecks} title="No runs yet">
        <p>A run is one manual application, one batch from Jobs, or one auto-apply pass after a fetch.</p>
      </EmptyState>
    );
  }
  return (
    <ul className="grid gap-3" data-test="runs-list">
      {runs.map((r) => {
        const state_ = runState(r);
        return (
          <li
            key={r.id}
            className="grid gap-2 rounded-xl border bg-card p-4 sm:grid-cols-[1fr_auto] sm:items-center"
            data-test="run-item"
            data-run-id={r.id}
            data-mode={r.mode}
          >
            <div className="grid gap-1">
              <p className="flex flex-wrap items-center gap-2 font-medium">
                {MODE_LABELS[r.mode]}
                <span
                  className={cn("rounded-full px-2 py-0.5 text-xs font-medium", state_.tone)}
                  data-test="run-state"
                >
                  {state_.label}
                </span>
              </p>
              <p className="text-sm text-muted-foreground">
                Started{" "}
                <time dateTime={r.started_at} title={exactTime(r.started_at)}>
                  {relativeTime(r.started_at)}
                </time>
                {r.finished_at ? ` · finished ${relativeTime(r.finished_at)}` : ""}
              </p>
              <dl className="flex flex-wrap gap-x-4 gap-y-1 text-sm" data-test="run-counts">
                <div className="flex gap-1">
                  <dt className="text-muted-foreground">Jobs</dt>
                  <dd className="font-medium">{r.total_queued}</dd>
                </div>
                <div className="flex gap-1">
                  <dt className="text-muted-foreground">Sent</dt>
                  <dd className="font-medium" data-test="run-applied">
                    {r.total_applied}
                  </dd>
                </div>
                <div className="flex gap-1">
                  <dt className="text-muted-foreground">Failed</dt>
                  <dd className="font-medium">{r.total_failed}</dd>
                </div>
                <div className="flex gap-1">
                  <dt className="text-muted-foreground">Still open</dt>
                  <dd className="font-medium" data-test="run-open">
                    {r.open_count}
                  </dd>
                </div>
              </dl>
            </div>
            <Link
              href={applicationsHref(state, { tab: undefined, run: r.id })}
              className="text-sm font-medium text-primary underline-offset-4 hover:underline"
              data-test="run-applications"
            >
              Show its applications
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
