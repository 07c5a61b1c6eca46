"use client";

import { CircleAlert, Layers, LoaderCircle, RefreshCw, Send, X } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useId,
  useMemo,
  useState,
  useTransition,
} from "react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
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

/** The API's limit of one batch. */
export const BATCH_MAX = 100;

type Picked = Pick<FetchedJob, "id" | "title" | "company">;

/** Jobs a batch may include: not applied to (or queued) and not expired. */
export function batchable(job: Pick<FetchedJob, "status">): boolean {
  return job.status === "new" || job.status === "reviewed" || job.status === "skipped";
}

interface Selection {
  selected: Map<string, Picked>;
  toggle: (job: Picked, on: boolean) => void;
  setMany: (jobs: Picked[], on: boolean) => void;
  clear: () => void;
}

const SelectionContext = createContext<Selection | null>(null);

function useSelection(): Selection {
  const s = useContext(SelectionContext);
  if (!s) throw new Error("BatchSelection is missing");
  return s;
}

/**
 * The jobs picked for a batch application, kept while the user pages and filters (up to
 * {@link BATCH_MAX}), with the bar that applies to them.
 */
export function BatchSelection({ children }: { children: React.ReactNode }) {
  const [selected, setSelected] = useState<Map<string, Picked>>(() => new Map());
  const toggle = useCallback((job: Picked, on: boolean) => {
    setSelected((prev) => {
      const next = new Map(prev);
      if (on && next.size < BATCH_MAX) next.set(job.id, job);
      else if (!on) next.delete(job.id);
      return next;
    });
  }, []);
  const setMany = useCallback((jobs: Picked[], on: boolean) => {
    setSelected((prev) => {
      const next = new Map(prev);
      for (const j of jobs) {
        if (on && next.size < BATCH_MAX) next.set(j.id, j);
        else if (!on) next.delete(j.id);
      }
      return next;
    });
  }, []);
  const clear = useCallback(() => setSelected(new Map()), []);
  const value = useMemo(() => ({ selected, toggle, setMany, clear }), [selected, toggle, setMany, clear]);
  return (
    <SelectionContext.Provider value={value}>
      {children}
      <BatchBar />
    </SelectionContext.Provider>
  );
}

/** The checkbox on a job card (only for jobs a batch may include). */
export function SelectJob({ job }: { job: Picked & Pick<FetchedJob, "status"> }) {
  const { selected, toggle } = useSelection();
  if (!batchable(job)) return null;
  const on = selected.has(job.id);
  const full = !on && selected.size >= BATCH_MAX;
  return (
    <Checkbox
      checked={on}
      disabled={full}
      onCheckedChange={(v) => toggle(job, v === true)}
      aria-label={`Select ${job.title} at ${job.company} to apply in a batch`}
      title={full ? `A batch holds at most ${BATCH_MAX} jobs` : undefined}
      className="mt-1 size-5"
      data-test="job-select"
    />
  );
}

/** "Select all on this page" above the list. */
export function SelectPage({ jobs }: { jobs: (Picked & Pick<FetchedJob, "status">)[] }) {
  const { selected, setMany } = useSelection();
  const id = useId();
  const open = jobs.filter(batchable);
  if (open.length === 0) return null;
  const count = open.filter((j) => selected.has(j.id)).length;
  const state = count === 0 ? false : count === open.length ? true : "indeterminate";
  return (
    <div className="flex items-center gap-2 text-sm">
      <Checkbox
        id={id}
        checked={state}
        onCheckedChange={() => setMany(open, state !== true)}
        data-test="jobs-select-page"
      />
      <Label htmlFor={id} className="font-normal text-muted-foreground">
        Select all on this page
      </Label>
    </div>
  );
}

function BatchBar() {
  const { selected, clear } = useSelection();
  const [open, setOpen] = useState(false);
  if (selected.size === 0 && !open) return null;
  return (
    <>
      {selected.size > 0 ? (
        <section
          aria-label="Batch application"
          className="sticky bottom-4 z-20 mx-auto mt-4 flex w-full max-w-2xl flex-wrap items-center justify-between gap-3 rounded-xl border bg-card px-4 py-3 shadow-lg"
          data-test="batch-bar"
        >
          <p className="flex items-center gap-2 text-sm font-medium" aria-live="polite">
            <Layers className="size-4 text-primary" aria-hidden />
            <span data-test="batch-count">
              {selected.size} {selected.size === 1 ? "job" : "jobs"} selected
            </span>
          </p>
          <div className="flex gap-2">
            <Button type="button" variant="ghost" size="sm" onClick={clear} data-test="batch-clear">
              <X />
              Clear
            </Button>
            <Button type="button" size="sm" onClick={() => setOpen(true)} data-test="batch-apply">
              <Send />
              Apply to {selected.size}
            </Button>
          </div>
        </section>
      ) : null}
      <BatchDialog open={open} onOpenChange={setOpen} />
    </>
  );
}

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
function BatchDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const { selected, clear } = useSelection();
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
