"use client";

import { CircleAlert, CircleHelp, LoaderCircle, RefreshCw, Send, ShieldCheck } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useId, useState, useTransition } from "react";
import { toast } from "sonner";
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
import { ApiError, errorMessage, type JobApplyAnswerBank, type JobApplyPreview } from "@/lib/api";
import { browserApi } from "@/lib/supabase/client";
import { PORTAL_LABELS } from "../../_lib/forms";
import { STATE_LABELS } from "../../applications/_lib/labels";

/** The answer bank's questions employers ask most, and whether the user's bank answers each. */
const BANK_QUESTIONS: { label: string; answered: (b: JobApplyAnswerBank) => boolean }[] = [
  { label: "Notice period", answered: (b) => b.notice_period_days !== null },
  { label: "Serving notice", answered: (b) => b.serving_notice !== null },
  { label: "Current CTC", answered: (b) => b.current_ctc_lpa !== null },
  { label: "Expected CTC", answered: (b) => b.expected_ctc_lpa !== null },
  { label: "Total experience", answered: (b) => b.total_experience_years !== null },
  { label: "Willing to relocate", answered: (b) => b.willing_to_relocate !== null },
  { label: "Work authorisation", answered: (b) => b.work_authorisation !== null },
  { label: "Phone", answered: (b) => b.phone !== null },
];

export interface ApplyJob {
  id: string;
  title: string;
  company: string;
  portal: keyof typeof PORTAL_LABELS;
}

type Loaded =
  | { state: "loading" }
  | { state: "error"; code: string; message: string }
  | { state: "ready"; preview: JobApplyPreview; bank: JobApplyAnswerBank | null };

/**
 * Apply to one job, after a review: the résumé version that will be sent (the best ATS score for
 * the job unless the user picks another), a cover letter drafted from the user's own sources (every
 * sentence cites one; dropped sentences are shown) that the user edits or clears, and the common
 * screening questions the answer bank cannot answer yet (the runner stops and asks rather than
 * guess). Sending queues the application for the runner.
 */
export function ApplyDialog({
  job,
  open,
  onOpenChange,
  returnFocusTo,
}: {
  job: ApplyJob;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  returnFocusTo: React.RefObject<HTMLElement | null>;
}) {
  const router = useRouter();
  const [loaded, setLoaded] = useState<Loaded>({ state: "loading" });
  const [versionId, setVersionId] = useState("");
  const [letter, setLetter] = useState("");
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<string | null>(null);
  const [, startTransition] = useTransition();
  const resumeId = useId();
  const letterId = useId();

  const load = useCallback(async () => {
    setLoaded({ state: "loading" });
    setSendError(null);
    const api = browserApi();
    try {
      const [preview, bank] = await Promise.all([
        api.jobApply.preview(job.id),
        api.jobApply.answerBank().catch(() => null),
      ]);
      setVersionId(preview.resume.version_id);
      setLetter(preview.cover_letter.text ?? "");
      setLoaded({ state: "ready", preview, bank });
    } catch (err) {
      setLoaded({
        state: "error",
        code: err instanceof ApiError ? err.code : "unknown",
        message: errorMessage(err),
      });
    }
  }, [job.id]);

  useEffect(() => {
    if (open) void load();
  }, [open, load]);

  async function send() {
    if (loaded.state !== "ready") return;
    setSending(true);
    setSendError(null);
    try {
      const res = await browserApi().jobApply.apply(job.id, {
        resume_version_id: versionId,
        cover_letter: letter.trim() ? letter.trim() : null,
      });
      onOpenChange(false);
      toast.success(`Application to ${job.company} queued`, {
        description: "CareerPilot sends it shortly. Follow it in Applications.",
        action: { label: "Open", onClick: () => router.push(`/applications?app=${res.application_id}`) },
      });
      startTransition(() => router.refresh());
    } catch (err) {
      if (err instanceof ApiError && err.code === "application_exists") {
        setSendError("You already applied to this job (or to the same job on another portal).");
      } else setSendError(errorMessage(err));
    } finally {
      setSending(false);
    }
  }

  const ready = loaded.state === "ready" ? loaded : null;
  const existing = ready?.preview.existing_application ?? null;
  const candidates = ready?.preview.resume.candidates ?? [];
  const chosen = candidates.find((c) => c.version_id === versionId);
  const gaps = ready?.bank ? BANK_QUESTIONS.filter((q) => !q.answered(ready.bank as JobApplyAnswerBank)) : [];
  const cover = ready?.preview.cover_letter;

  return (
    <Dialog open={open} onOpenChange={(o) => !sending && onOpenChange(o)}>
      <DialogContent
        className="max-h-[90dvh] overflow-y-auto sm:max-w-2xl"
        data-test="apply-dialog"
        onCloseAutoFocus={(e) => {
          e.preventDefault();
          returnFocusTo.current?.focus();
        }}
      >
        <DialogHeader>
          <DialogTitle>Apply to {job.company}</DialogTitle>
          <DialogDescription>
            {job.title} on {PORTAL_LABELS[job.portal]}. Check what will be sent; nothing goes out until you
            press Send.
          </DialogDescription>
        </DialogHeader>

        {loaded.state === "loading" ? (
          <div role="status" aria-live="polite" className="grid gap-3" data-test="apply-loading">
            <p className="flex items-center gap-2 text-sm text-muted-foreground">
              <LoaderCircle className="size-4 animate-spin" aria-hidden />
              Choosing your best résumé for this job and drafting a cover letter from your record…
            </p>
            <div className="h-9 animate-pulse rounded-md bg-muted" />
            <div className="h-40 animate-pulse rounded-md bg-muted" />
          </div>
        ) : loaded.state === "error" ? (
          <Alert variant="destructive" data-test="apply-error" data-code={loaded.code}>
            <CircleAlert />
            <AlertTitle>
              {loaded.code === "no_resume" ? "No résumé to send yet" : "The review could not be prepared"}
            </AlertTitle>
            <AlertDescription>
              <p>{loaded.message}</p>
              {loaded.code === "no_resume" ? (
                <Link href="/resumes" className="font-medium underline underline-offset-4">
                  Build a résumé
                </Link>
              ) : (
                <Button type="button" variant="outline" size="sm" onClick={() => void load()}>
                  <RefreshCw />
                  Try again
                </Button>
              )}
            </AlertDescription>
          </Alert>
        ) : existing ? (
          <Alert data-test="apply-existing">
            <CircleHelp />
            <AlertTitle>You already applied to this job</AlertTitle>
            <AlertDescription>
              <p>
                CareerPilot applies once per job, even when it is listed on several portals. This one is{" "}
                {STATE_LABELS[existing.status].toLowerCase()}.
              </p>
              <Link
                href={`/applications?app=${existing.id}`}
                className="font-medium underline underline-offset-4"
                data-test="apply-existing-link"
              >
                Open the application
              </Link>
            </AlertDescription>
          </Alert>
        ) : ready ? (
          <div className="grid gap-5">
            <div className="grid gap-1.5">
              <Label htmlFor={resumeId}>Résumé</Label>
              <NativeSelect
                id={resumeId}
                value={versionId}
                onChange={(e) => setVersionId(e.target.value)}
                disabled={sending}
                className="w-full"
                data-test="apply-resume"
              >
                {candidates.map((c) => (
                  <NativeSelectOption key={c.version_id} value={c.version_id}>
                    {c.resume_name} · version {c.version_number} · ATS {c.ats_score}
                    {c.version_id === ready.preview.resume.version_id &&
                    ready.preview.resume.chosen_by === "ats"
                      ? " (best for this job)"
                      : ""}
                  </NativeSelectOption>
                ))}
              </NativeSelect>
              <p className="text-xs text-muted-foreground" data-test="apply-resume-note">
                {chosen && !chosen.pdf_ready
                  ? "Its PDF is still being made; it is ready before the application goes out."
                  : "The ATS score says how well the version matches this job's description."}
              </p>
            </div>

            <div className="grid gap-1.5">
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <Label htmlFor={letterId}>Cover letter</Label>
                {cover?.source === "generated" ? (
                  <span
                    className="flex items-center gap-1 text-xs text-muted-foreground"
                    data-test="apply-grounded"
                  >
                    <ShieldCheck className="size-3.5" aria-hidden />
                    Drafted from your record: {cover.claims.length} sentences, each with a source
                  </span>
                ) : null}
              </div>
              {cover?.error ? (
                <p className="text-sm text-muted-foreground" data-test="apply-cover-error">
                  {cover.error.message}
                </p>
              ) : null}
              <textarea
                id={letterId}
                value={letter}
                onChange={(e) => setLetter(e.target.value)}
                disabled={sending}
                rows={10}
                maxLength={10000}
                placeholder="Write a cover letter, or leave it empty to apply without one."
                className="min-h-40 w-full rounded-md border border-input bg-transparent px-3 py-2 text-sm leading-relaxed shadow-xs focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/50 focus-visible:outline-none dark:bg-input/30"
                data-test="apply-cover-letter"
              />
              <p className="text-xs text-muted-foreground">
                {letter.trim()
                  ? `${letter.trim().length.toLocaleString("en-IN")} of 10,000 characters.`
                  : "No cover letter will be sent."}
              </p>
              {cover && cover.rejected.length > 0 ? (
                <details className="rounded-md border p-3 text-sm" data-test="apply-rejected">
                  <summary className="cursor-pointer font-medium">
                    {cover.rejected.length === 1
                      ? "1 sentence was left out"
                      : `${cover.rejected.length} sentences were left out`}{" "}
                    (not backed by your record)
                  </summary>
                  <ul className="mt-2 grid gap-2">
                    {cover.rejected.map((r) => (
                      <li key={r.text} className="text-muted-foreground">
                        <span className="text-foreground line-through">{r.text}</span>
                        <span className="block text-xs">{r.message}</span>
                      </li>
                    ))}
                  </ul>
                </details>
              ) : null}
            </div>

            <div className="grid gap-1.5 text-sm" data-test="apply-questions">
              <p className="font-medium">Screening questions</p>
              {ready.bank === null ? (
                <p className="text-muted-foreground">Your answer bank could not be checked.</p>
              ) : gaps.length === 0 ? (
                <p className="text-muted-foreground">
                  Your answer bank covers the usual questions. Anything else the employer asks stops the
                  application and asks you; nothing is guessed.
                </p>
              ) : (
                <>
                  <p className="text-muted-foreground">
                    Your answer bank cannot answer these yet. If the employer asks, the application stops and
                    asks you in Applications:
                  </p>
                  <ul className="flex flex-wrap gap-1.5" data-test="apply-question-gaps">
                    {gaps.map((g) => (
                      <li key={g.label} className="rounded-md bg-muted px-2 py-0.5 text-xs">
                        {g.label}
                      </li>
                    ))}
                  </ul>
                  <Link
                    href="/settings#answer-bank"
                    className="text-primary underline-offset-4 hover:underline"
                  >
                    Fill in your answer bank
                  </Link>
                </>
              )}
            </div>

            {sendError ? (
              <p role="alert" className="text-sm text-destructive" data-test="apply-send-error">
                {sendError}
              </p>
            ) : null}
          </div>
        ) : null}

        <DialogFooter>
          <Button type="button" variant="ghost" onClick={() => onOpenChange(false)} disabled={sending}>
            Cancel
          </Button>
          {ready && !existing ? (
            <Button type="button" onClick={send} disabled={sending || !versionId} data-test="apply-send">
              {sending ? <LoaderCircle className="animate-spin" /> : <Send />}
              {sending ? "Sending…" : "Send application"}
            </Button>
          ) : null}
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
