/**
 * The words the application pages use for the stack's states: an application's status through
 * the runner, the employer's response, why one is held or deferred, and what each timeline entry
 * means. No React here: the pages, the jobs dialog and Job Control import it at first load. The
 * vocabularies themselves are the contract's (`@contract/enums.ts`, `@contract/apply.ts`).
 */
import {
  type DeferReason,
  type HoldReason,
  PORTAL_PAUSE_ADVICE,
  type PortalPauseReason,
} from "@contract/apply.ts";
import { APPLICATION_STATUSES, type ApplicationStatus, type ResponseStatus } from "@contract/enums.ts";

/** `job_applications.status`, in the order an application goes through them (the contract's list). */
export const APPLICATION_STATES = APPLICATION_STATUSES;
export type ApplicationState = ApplicationStatus;

export const STATE_LABELS: Record<ApplicationState, string> = {
  pending: "Preparing",
  queued: "Queued",
  awaiting_approval: "Awaiting your review",
  submitting: "Submitting",
  submitted: "Submitted",
  needs_input: "Needs your answer",
  held: "On hold",
  failed: "Failed",
  cancelled: "Cancelled",
};

/** Badge colours per status: readable in light and dark themes (AA contrast on their own fill). */
export const STATE_TONES: Record<ApplicationState, string> = {
  pending: "bg-muted text-foreground",
  queued: "bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-100",
  awaiting_approval: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-100",
  submitting: "bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-100",
  submitted: "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100",
  needs_input: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-100",
  held: "bg-orange-100 text-orange-900 dark:bg-orange-950 dark:text-orange-100",
  failed: "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-100",
  cancelled: "bg-muted text-muted-foreground",
};

/** `job_applications.response_status`: the employer's answer, as the board's columns (in pipeline order). */
export const RESPONSES = [
  "pending",
  "viewed",
  "shortlisted",
  "interview",
  "offer",
  "rejected",
] as const satisfies readonly ResponseStatus[];
export type Response = ResponseStatus;
/** What the user can record (pending is where every application starts). */
export const RECORDABLE_RESPONSES = ["viewed", "shortlisted", "interview", "offer", "rejected"] as const;

export const RESPONSE_LABELS: Record<Response, string> = {
  pending: "No response yet",
  viewed: "Viewed",
  shortlisted: "Shortlisted",
  interview: "Interview",
  offer: "Offer",
  rejected: "Rejected",
};

export const RESPONSE_TONES: Record<Response, string> = {
  pending: "bg-muted text-foreground",
  viewed: "bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-100",
  shortlisted: "bg-violet-100 text-violet-900 dark:bg-violet-950 dark:text-violet-100",
  interview: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-100",
  offer: "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100",
  rejected: "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-100",
};

/** `job_applications.held_reason`: why a held application waits, and what lifts it. */
export const HELD_REASON_LABELS: Record<HoldReason, string> = {
  emergency_stop: "Applying is stopped platform-wide by CareerPilot; it continues when the stop is lifted.",
  admin_pause: "An administrator paused applying for your account; it continues when they resume it.",
  portal_paused: "This portal is paused for your account; resume it in Job Control after fixing the cause.",
};

/** `job_applications.defer_reason`: why a queued application waits for later. */
export const DEFER_REASON_LABELS: Record<DeferReason, string> = {
  daily_cap: "Today's cap for this portal is reached: it goes out tomorrow.",
  company_cap: "You applied to this company recently: it waits so the company does not see too many.",
  pacing: "Paced: a short random pause between applications keeps your account safe.",
};

/** Why a portal was paused and what to do (the contract's advice; "user" when the user paused it). */
export function portalPauseAdvice(reason: PortalPauseReason | null): string {
  if (!reason) return "Paused.";
  if (reason === "user") return "You paused this portal.";
  const a = PORTAL_PAUSE_ADVICE[reason];
  return `The portal ${a.why}. ${a.what}`;
}

/** How a run or an application was started. */
export const MODE_LABELS: Record<string, string> = {
  manual: "You applied",
  batch: "Batch",
  auto: "Auto-apply",
};

/**
 * An apply run's state for people. A batch or auto run is `completed` once its applications are
 * prepared, though they may still wait for review: that reads "Prepared, still open".
 */
export function runState(run: { status: "running" | "completed" | "failed"; open_count: number }): {
  label: string;
  tone: string;
} {
  if (run.status === "running")
    return { label: "In progress", tone: "bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-100" };
  if (run.status === "failed")
    return { label: "Failed", tone: "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-100" };
  return run.open_count > 0
    ? {
        label: "Prepared, still open",
        tone: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-100",
      }
    : {
        label: "Finished",
        tone: "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100",
      };
}

/** Who made a timeline change (`detail.by`). */
export const BY_LABELS: Record<string, string> = {
  user: "you",
  runner: "CareerPilot",
  admin: "an administrator",
  system: "CareerPilot",
};

/** `job_application_events.kind` + from/to in one sentence. */
export function timelineSentence(e: { kind: string; from: string | null; to: string | null }): string {
  const state = (s: string | null) => (s && s in STATE_LABELS ? STATE_LABELS[s as ApplicationState] : s);
  const response = (s: string | null) => (s && s in RESPONSE_LABELS ? RESPONSE_LABELS[s as Response] : s);
  switch (e.kind) {
    case "created":
      return `Application created (${state(e.to)})`;
    case "status":
      return `${state(e.from)} → ${state(e.to)}`;
    case "approval":
      return e.to === "approved"
        ? "Approved for sending"
        : e.to === "rejected"
          ? "Rejected in review"
          : e.to === "pending"
            ? "Waiting for your review"
            : `Review: ${e.to}`;
    case "response":
      return `Response: ${response(e.from)} → ${response(e.to)}`;
    case "attempt":
      return "Submission attempt";
    default:
      return "Note";
  }
}
