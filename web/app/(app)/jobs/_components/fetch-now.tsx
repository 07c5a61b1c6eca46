"use client";

import { CircleAlert, CircleCheck, LoaderCircle, RefreshCw } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Progress } from "@/components/ui/progress";
import { errorMessage, type JobFetchRun } from "@/lib/api";
import { browserApi } from "@/lib/supabase/client";
import { PORTAL_LABELS } from "../../_lib/forms";

const POLL_MS = 1500;
/** A fetch still running after this long is reported as slow (the worker may be down). */
const PATIENCE_MS = 10 * 60 * 1000;

type State =
  | { kind: "idle" }
  | { kind: "fetching"; runs: JobFetchRun[] }
  | { kind: "done"; runs: JobFetchRun[] }
  | { kind: "error"; message: string };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function summary(runs: JobFetchRun[]): string {
  const added = runs.reduce((a, r) => a + r.new_jobs_added, 0);
  const failed = runs.filter((r) => r.status === "failed").map((r) => PORTAL_LABELS[r.portal]);
  const head = added === 0 ? "No new jobs" : `${added} new ${added === 1 ? "job" : "jobs"}`;
  return failed.length
    ? `${head}. ${failed.join(", ")} could not be fetched (see the history below).`
    : `${head}.`;
}

/**
 * "Fetch now": starts a run per enabled portal (portals already running are joined) and follows
 * them — "Fetching: Naukri done, LinkedIn running…" — then refreshes the list. Runs already going
 * when the page loads are followed the same way.
 */
export function FetchNow({ running, canFetch }: { running: JobFetchRun[]; canFetch: boolean }) {
  const router = useRouter();
  const [state, setState] = useState<State>(
    running.length ? { kind: "fetching", runs: running } : { kind: "idle" },
  );
  const following = useRef(false);

  const follow = async (ids: string[]) => {
    if (following.current) return;
    following.current = true;
    const deadline = Date.now() + PATIENCE_MS;
    try {
      for (;;) {
        const page = await browserApi().jobs.runs({ page_size: 20 });
        const runs = page.items.filter((r) => ids.includes(r.id));
        if (runs.length && runs.every((r) => r.status !== "running")) {
          setState({ kind: "done", runs });
          router.refresh();
          return;
        }
        setState({ kind: "fetching", runs });
        if (Date.now() > deadline) {
          setState({
            kind: "error",
            message: "The fetch is taking longer than usual. Check back in a few minutes.",
          });
          return;
        }
        await sleep(POLL_MS);
      }
    } catch (err) {
      setState({ kind: "error", message: errorMessage(err) });
    } finally {
      following.current = false;
    }
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: follow the runs the page was loaded with, once
  useEffect(() => {
    if (running.length) void follow(running.map((r) => r.id));
  }, []);

  const start = async () => {
    setState({ kind: "fetching", runs: [] });
    try {
      const res = await browserApi().jobs.fetchNow();
      setState({ kind: "fetching", runs: res.runs });
      await follow(res.runs.map((r) => r.id));
    } catch (err) {
      setState({ kind: "error", message: errorMessage(err) });
    }
  };

  const runs = state.kind === "fetching" || state.kind === "done" ? state.runs : [];
  const finished = runs.filter((r) => r.status !== "running").length;
  return (
    <div className="grid gap-2" data-test="fetch-now">
      <Button
        type="button"
        onClick={start}
        disabled={!canFetch || state.kind === "fetching"}
        data-test="fetch-now-button"
      >
        {state.kind === "fetching" ? <LoaderCircle className="animate-spin" /> : <RefreshCw />}
        {state.kind === "fetching" ? "Fetching…" : "Fetch now"}
      </Button>
      {state.kind === "fetching" && runs.length ? (
        <div className="grid gap-1" data-test="fetch-progress" aria-live="polite">
          <Progress value={(finished / runs.length) * 100} className="h-1.5" />
          <p className="text-xs text-muted-foreground">
            {runs
              .map(
                (r) =>
                  `${PORTAL_LABELS[r.portal]} ${r.status === "running" ? "running" : r.status === "completed" ? "done" : "failed"}`,
              )
              .join(" · ")}
          </p>
        </div>
      ) : null}
      {state.kind === "done" ? (
        <p
          className="flex items-center gap-1.5 text-sm text-emerald-700"
          data-test="fetch-result"
          aria-live="polite"
        >
          <CircleCheck className="size-4" />
          {summary(state.runs)}
        </p>
      ) : null}
      {state.kind === "error" ? (
        <p
          className="flex items-center gap-1.5 text-sm text-destructive"
          data-test="fetch-error"
          role="alert"
        >
          <CircleAlert className="size-4" />
          {state.message}
        </p>
      ) : null}
    </div>
  );
}
