"use client";

import { CircleAlert, LoaderCircle, RefreshCw, Send } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useId, useState, useTransition } from "react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { NativeSelect, NativeSelectOption } from "@/components/ui/native-select";
import {
  errorMessage,
  type FetchedJob,
  type JobApplyBatchResult,
  type JobApplySettings,
  type ResumeList,
} from "@/lib/api";
import { browserApi } from "@/lib/supabase/client";

type Picked = Pick<FetchedJob, "id" | "title" | "company">;

const SKIP_REASONS: Record<JobApplyBatchResult["skipped"][number]["reason"], string> = {
  already_applied: "already applied (here or on another portal)",
  expired: "the job has closed",
  not_found: "the job is no longer in your list",
};

type Loaded =
  | { state: "loading" }
  | { state: "error"; message: string }
  | { state: "ready"; resumes: ResumeList; settings: JobApplySettings | null };

/**
 * Confirms a batch: which résumé (each job's best by ATS score, or one for all), what happens next
 * (the approval queue, or sent as soon as ready, paced and capped), whether cover letters are
 * drafted; then the result, with the jobs that were skipped and why.
 */
export function BatchDialog({
  open,
  onOpenChange,
  selected,
  clear,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The jobs picked, and how to forget them once the batch started. */
  selected: Map<string, Picked>;
  clear: () => void;
}) {
  const router = useRouter();
  const [, startTransition] = useTransition();
  const [loaded, setLoaded] = useState<Loaded>({ state: "loading" });
  const [resumeId, setResumeId] = useState("");
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<{ res: JobApplyBatchResult; jobs: Map<string, Picked> } | null>(null);
  const selectId = useId();

  const load = useCallback(async () => {
    setLoaded({ state: "loading" });
    const api = browserApi();
    try {
      const [resumes, settings] = await Promise.all([
        api.resumes.list(),
        api.jobApply.settings().catch(() => null),
      ]);
      setLoaded({ state: "ready", resumes, settings });
    } catch (err) {
      setLoaded({ state: "error", message: errorMessage(err) });
    }
  }, []);

  useEffect(() => {
    if (open) {
      setResult(null);
      setError(null);
      void load();
    }
  }, [open, load]);

  async function send() {
    setSending(true);
    setError(null);
    const jobs = new Map(selected);
    try {
      const res = await browserApi().jobApply.batch({
        job_ids: [...jobs.keys()],
        ...(resumeId ? { resume_id: resumeId } : {}),
      });
      setResult({ res, jobs });
      clear();
      startTransition(() => router.refresh());
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSending(false);
    }
  }

  const ready = loaded.state === "ready" ? loaded : null;
  const sendable = ready?.resumes.items.filter((r) => r.active_version_id) ?? [];
  const review = ready?.settings?.review_before_submit ?? true;
  const letters = ready?.settings?.cover_letters ?? true;
  const paused = ready?.settings?.pause.message ?? null;

  return (
    <Dialog open={open} onOpenChange={(o) => !sending && onOpenChange(o)}>
      <DialogContent className="max-h-[90dvh] overflow-y-auto sm:max-w-lg" data-test="batch-dialog">
        <DialogHeader>
          <DialogTitle>
            {result ? "Batch started" : `Apply to ${selected.size} ${selected.size === 1 ? "job" : "jobs"}`}
          </DialogTitle>
          <DialogDescription>
            {result
              ? "CareerPilot prepares each application in the background."
              : "One application per job, never two: jobs you already applied to are skipped."}
          </DialogDescription>
        </DialogHeader>

        {result ? (
          <div className="grid gap-3 text-sm" data-test="batch-result">
            <p className="font-medium" data-test="batch-queued">
              {result.res.queued_count === 0
                ? "No application was started."
                : result.res.queued_count === 1
                  ? "1 application is being prepared."
                  : `${result.res.queued_count} applications are being prepared.`}
            </p>
            <p className="text-muted-foreground">
              {review
                ? "Each waits in your approval queue with its résumé and cover letter until you approve it."
                : "Each is sent as soon as it is ready, within your daily caps and pacing."}
            </p>
            {result.res.skipped.length > 0 ? (
              <div className="grid gap-1">
                <p className="font-medium">Skipped</p>
                <ul className="grid gap-1 text-muted-foreground" data-test="batch-skipped">
                  {result.res.skipped.map((s) => {
                    const job = result.jobs.get(s.job_id);
                    return (
                      <li key={s.job_id}>
                        <span className="text-foreground">
                          {job ? `${job.title} at ${job.company}` : "A job"}
                        </span>
                        : {SKIP_REASONS[s.reason]}
                      </li>
                    );
                  })}
                </ul>
              </div>
            ) : null}
          </div>
        ) : loaded.state === "loading" ? (
          <div role="status" aria-live="polite" className="grid gap-3" data-test="batch-loading">
            <p className="flex items-center gap-2 text-sm text-muted-foreground">
              <LoaderCircle className="size-4 animate-spin" aria-hidden />
              Loading your résumés and settings…
            </p>
            <div className="h-9 animate-pulse rounded-md bg-muted" />
          </div>
        ) : loaded.state === "error" ? (
          <Alert variant="destructive" data-test="batch-error">
            <CircleAlert />
            <AlertTitle>The batch could not be prepared</AlertTitle>
            <AlertDescription>
              <p>{loaded.message}</p>
              <Button type="button" variant="outline" size="sm" onClick={() => void load()}>
                <RefreshCw />
                Try again
              </Button>
            </AlertDescription>
          </Alert>
        ) : ready && sendable.length === 0 ? (
          <Alert data-test="batch-no-resume">
            <CircleAlert />
            <AlertTitle>No résumé to send yet</AlertTitle>
            <AlertDescription>
              <p>Build a résumé first; each application sends one.</p>
              <Link href="/resumes" className="font-medium underline underline-offset-4">
                Build a résumé
              </Link>
            </AlertDescription>
          </Alert>
        ) : ready ? (
          <div className="grid gap-4 text-sm">
            {paused ? (
              <Alert data-test="batch-paused">
                <CircleAlert />
                <AlertTitle>Applying is paused</AlertTitle>
                <AlertDescription>{paused}</AlertDescription>
              </Alert>
            ) : null}
            <div className="grid gap-1.5">
              <Label htmlFor={selectId}>Résumé</Label>
              <NativeSelect
                id={selectId}
                value={resumeId}
                onChange={(e) => setResumeId(e.target.value)}
                disabled={sending}
                className="w-full"
                data-test="batch-resume"
              >
                <NativeSelectOption value="">Best match for each job (ATS)</NativeSelectOption>
                {sendable.map((r) => (
                  <NativeSelectOption key={r.id} value={r.id}>
                    {r.name} for every job
                  </NativeSelectOption>
                ))}
              </NativeSelect>
            </div>
            <ul className="grid list-disc gap-1 pl-5 text-muted-foreground" data-test="batch-notes">
              <li>
                {review
                  ? "Nothing is sent before you approve it in Applications › Approval queue."
                  : "Review before submit is off: each is sent as soon as it is ready, within your daily caps and pacing."}
              </li>
              <li>
                {letters
                  ? "Each gets a cover letter drafted with your Gemini key from your record only."
                  : "Cover letters are off for batch applications."}{" "}
                <Link
                  href="/job-control#apply-settings"
                  className="text-primary underline-offset-4 hover:underline"
                >
                  Change in Job Control
                </Link>
              </li>
              <li>Screening questions your answer bank cannot answer stop the application and ask you.</li>
            </ul>
            {error ? (
              <p role="alert" className="text-destructive" data-test="batch-send-error">
                {error}
              </p>
            ) : null}
          </div>
        ) : null}

        <DialogFooter>
          {result ? (
            <>
              <Button type="button" variant="ghost" onClick={() => onOpenChange(false)}>
                Close
              </Button>
              <Button asChild data-test="batch-open-applications">
                <Link href={review ? "/applications?tab=queue" : `/applications?run=${result.res.run_id}`}>
                  {review ? "Open the approval queue" : "Follow them in Applications"}
                </Link>
              </Button>
            </>
          ) : (
            <>
              <Button type="button" variant="ghost" onClick={() => onOpenChange(false)} disabled={sending}>
                Cancel
              </Button>
              {ready && sendable.length > 0 ? (
                <Button
                  type="button"
                  onClick={send}
                  disabled={sending || selected.size === 0}
                  data-test="batch-send"
                >
                  {sending ? <LoaderCircle className="animate-spin" /> : <Send />}
                  {sending ? "Starting…" : `Apply to ${selected.size}`}
                </Button>
              ) : null}
            </>
          )}
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
