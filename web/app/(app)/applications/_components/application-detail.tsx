"use client";

import { CircleAlert, Clock, ExternalLink, FileText, PauseCircle } from "lucide-react";
import { useRouter } from "next/navigation";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Sheet, SheetContent, SheetDescription, SheetHeader, SheetTitle } from "@/components/ui/sheet";
import type { JobApplicationDetail } from "@/lib/api";
import { PORTAL_LABELS } from "../../_lib/forms";
import { exactTime } from "../../notifications/_lib/relative-time";
import { DEFER_REASON_LABELS, HELD_REASON_LABELS, MODE_LABELS } from "../_lib/labels";
import { ApplicationTimeline } from "./application-timeline";
import { NeedsInputForm } from "./needs-input-form";
import { ResponseUpdate } from "./response-update";
import { ReviewLetter } from "./review-letter";
import { ResponseBadge, StateBadge } from "./state-badges";

const SOURCE_LABELS: Record<string, string> = {
  bank: "from your answer bank",
  sources: "from your sources",
  user: "your answer",
};

/** Why the application is where it is, in words: held, deferred, failed, or waiting for the user. */
function StateExplanation({ a }: { a: JobApplicationDetail }) {
  if (a.status === "held" && a.held_reason) {
    return (
      <Alert data-test="application-held">
        <PauseCircle />
        <AlertTitle>On hold</AlertTitle>
        <AlertDescription>{HELD_REASON_LABELS[a.held_reason] ?? a.held_reason}</AlertDescription>
      </Alert>
    );
  }
  if (a.status === "queued" && a.not_before && a.defer_reason) {
    return (
      <Alert data-test="application-deferred">
        <Clock />
        <AlertTitle>Waiting until {exactTime(a.not_before)}</AlertTitle>
        <AlertDescription>{DEFER_REASON_LABELS[a.defer_reason] ?? a.defer_reason}</AlertDescription>
      </Alert>
    );
  }
  if (a.status === "failed" && a.error) {
    return (
      <Alert variant="destructive" data-test="application-error">
        <CircleAlert />
        <AlertTitle>Not sent</AlertTitle>
        <AlertDescription>{a.error.message}</AlertDescription>
      </Alert>
    );
  }
  return null;
}

/**
 * The open application (`?app=<id>`): where it stands and why, the questions it needs answered,
 * the review decision, the exact résumé PDF and cover letter that were sent, the answers given,
 * the employer's response and the timeline. Closing it goes back to the list URL.
 */
export function ApplicationDetail({
  application: a,
  closeHref,
}: {
  application: JobApplicationDetail;
  closeHref: string;
}) {
  const router = useRouter();
  const resumeName = a.resume.resume_name
    ? `${a.resume.resume_name}${a.resume.version_number ? ` · version ${a.resume.version_number}` : ""}`
    : null;
  return (
    <Sheet open onOpenChange={(open) => !open && router.push(closeHref, { scroll: false })}>
      <SheetContent className="w-full gap-0 overflow-y-auto sm:max-w-xl" data-test="application-detail">
        <SheetHeader className="border-b">
          <div className="space-y-1 pr-8">
            <SheetTitle className="text-lg [overflow-wrap:anywhere]" data-test="application-detail-title">
              {a.job.title}
            </SheetTitle>
            <SheetDescription className="[overflow-wrap:anywhere]">
              {a.job.company}
              {a.job.location ? ` · ${a.job.location}` : ""} · {PORTAL_LABELS[a.portal]}
            </SheetDescription>
          </div>
          <div className="flex flex-wrap items-center gap-2 pt-1">
            <StateBadge status={a.status} />
            <ResponseBadge response={a.response_status} />
            <span className="text-xs text-muted-foreground">{MODE_LABELS[a.mode] ?? a.mode}</span>
          </div>
        </SheetHeader>
        <div className="grid gap-6 p-4">
          <StateExplanation a={a} />
          {a.status === "needs_input" && a.needs_input?.length ? (
            <NeedsInputForm applicationId={a.id} questions={a.needs_input} />
          ) : null}
          {a.status === "awaiting_approval" ? (
            <section className="grid gap-2" aria-labelledby="detail-review">
              <h3 id="detail-review" className="text-sm font-semibold">
                Your review
              </h3>
              <p className="text-sm text-muted-foreground">
                Nothing is sent until you approve it. Check the résumé below and the cover letter here first.
              </p>
              <LetterNote grounding={a.cover_letter_grounding} />
              <ReviewLetter applicationId={a.id} title={a.job.title} initial={a.cover_letter_text} />
            </section>
          ) : null}

          <dl className="grid grid-cols-2 gap-3 text-sm">
            <div>
              <dt className="text-muted-foreground">Applied</dt>
              <dd className="font-medium" data-test="application-applied-at">
                {a.applied_at ? exactTime(a.applied_at) : "Not yet"}
              </dd>
            </div>
            <div>
              <dt className="text-muted-foreground">Created</dt>
              <dd className="font-medium">{exactTime(a.created_at)}</dd>
            </div>
            {a.portal_application_id ? (
              <div className="col-span-2">
                <dt className="text-muted-foreground">{PORTAL_LABELS[a.portal]} reference</dt>
                <dd className="font-mono text-xs [overflow-wrap:anywhere]">{a.portal_application_id}</dd>
              </div>
            ) : null}
          </dl>

          {a.status === "submitted" ? <ResponseUpdate application={a} /> : null}

          <section className="grid gap-2" aria-labelledby="detail-resume">
            <h3 id="detail-resume" className="text-sm font-semibold">
              Résumé {a.status === "submitted" ? "sent" : "to send"}
            </h3>
            <p className="text-sm" data-test="application-resume">
              {resumeName ?? "No résumé chosen yet."}
              {a.resume.ats_score !== null ? (
                <span className="text-muted-foreground"> · ATS score {a.resume.ats_score}</span>
              ) : null}
              {a.portal === "naukri" ? (
                <span className="block text-xs text-muted-foreground" data-test="application-naukri-resume">
                  Naukri applies with the résumé on your Naukri profile; keep it in step with this one.
                </span>
              ) : null}
              {a.resume.chosen_by === "ats" ? (
                <span className="block text-xs text-muted-foreground">
                  Chosen automatically: the version that scores best for this job.
                </span>
              ) : null}
            </p>
            {a.resume_pdf_url ? (
              <Button asChild variant="outline" size="sm" className="justify-self-start">
                <a
                  href={a.resume_pdf_url}
                  target="_blank"
                  rel="noopener noreferrer"
                  data-test="application-resume-pdf"
                >
                  <FileText />
                  {a.portal === "naukri" || a.status !== "submitted"
                    ? "Open the PDF"
                    : "Open the PDF that was sent"}
                  <span className="sr-only"> (opens in a new tab; the link works for 5 minutes)</span>
                </a>
              </Button>
            ) : null}
          </section>

          {a.status === "awaiting_approval" ? null : (
            <section className="grid gap-2" aria-labelledby="detail-letter">
              <h3 id="detail-letter" className="text-sm font-semibold">
                Cover letter
                {a.cover_letter_source === "generated" ? (
                  <span className="ml-1 font-normal text-muted-foreground">(drafted from your sources)</span>
                ) : a.cover_letter_source === "user" ? (
                  <span className="ml-1 font-normal text-muted-foreground">(yours)</span>
                ) : null}
              </h3>
              {a.cover_letter_text ? (
                <div
                  className="max-h-72 overflow-y-auto rounded-lg border bg-muted/30 p-3 text-sm leading-relaxed whitespace-pre-line [overflow-wrap:anywhere]"
                  data-test="application-cover-letter"
                  // A scrolling region must be reachable from the keyboard.
                  // biome-ignore lint/a11y/noNoninteractiveTabindex: scrollable text needs focus to scroll by keyboard
                  tabIndex={0}
                >
                  {a.cover_letter_text}
                </div>
              ) : (
                <p className="text-sm text-muted-foreground">No cover letter.</p>
              )}
              <LetterNote grounding={a.cover_letter_grounding} />
            </section>
          )}

          {a.answers.length ? (
            <section className="grid gap-2" aria-labelledby="detail-answers">
              <h3 id="detail-answers" className="text-sm font-semibold">
                Screening answers
              </h3>
              <dl className="grid gap-2 text-sm" data-test="application-answers">
                {a.answers.map((x) => (
                  <div key={x.question_id}>
                    <dt className="text-muted-foreground">{x.label}</dt>
                    <dd>
                      <span className="font-medium">{x.value}</span>{" "}
                      <span className="text-xs text-muted-foreground">
                        {SOURCE_LABELS[x.source] ?? x.source}
                      </span>
                    </dd>
                  </div>
                ))}
              </dl>
            </section>
          ) : null}

          <section className="grid gap-3" aria-labelledby="detail-timeline">
            <h3 id="detail-timeline" className="text-sm font-semibold">
              Timeline
            </h3>
            <ApplicationTimeline timeline={a.timeline} />
          </section>

          <Button asChild variant="ghost" size="sm" className="justify-self-start">
            <a href={a.job.job_url} target="_blank" rel="noopener noreferrer">
              View the job on {PORTAL_LABELS[a.portal]}
              <ExternalLink />
            </a>
          </Button>
        </div>
      </SheetContent>
    </Sheet>
  );
}

/** Why a drafted letter is missing, or how many of Gemini's sentences the guard left out. */
export function letterNote(grounding: Record<string, unknown> | null | undefined): string | null {
  const error = grounding?.error as { message?: unknown } | undefined;
  if (typeof error?.message === "string") return error.message;
  const left = Array.isArray(grounding?.rejected) ? grounding.rejected.length : 0;
  if (!left) return null;
  return left === 1
    ? "One sentence Gemini wrote was left out: your sources do not show it."
    : `${left} sentences Gemini wrote were left out: your sources do not show them.`;
}

function LetterNote({ grounding }: { grounding: Record<string, unknown> | null | undefined }) {
  const note = letterNote(grounding);
  return note ? (
    <p className="text-xs text-muted-foreground" data-test="application-letter-note">
      {note}
    </p>
  ) : null;
}
