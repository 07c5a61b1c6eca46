/**
 * The Job Application stack's vocabulary, for every runtime (the job-apply function, the runner's
 * apply orchestration, the web's tracker, approval queue and controls). Zod-free, so the web can
 * import `@contract/apply.ts` alone. The SQL checks of `20261130004000_job_apply.sql` hold the
 * same values.
 */
import type { Portal } from "./enums.ts";

/**
 * `job_applications.status` (defined in enums.ts as APPLICATION_STATUSES). The spec's three
 * (pending, submitted, failed) keep their meaning; the others say where an application waits:
 * - `pending`: accepted, documents being prepared;
 * - `queued`: ready, waiting for the runner (a cap or pacing may defer it: `not_before`);
 * - `awaiting_approval`: review before submit is on; waits for the user's approval;
 * - `submitting`: the runner recorded an attempt and is about to click submit;
 * - `submitted`: the portal has it;
 * - `needs_input`: a screening question nothing the user gave can answer; the user is asked;
 * - `held`: the emergency stop, an admin pause or a paused portal holds it; continues when lifted;
 * - `failed`: the portal refused, the job is closed, or something broke (`error.code`);
 * - `cancelled`: the user rejected it in review or withdrew it before submission.
 */
export { APPLICATION_STATUSES as APPLY_STATUSES, type ApplicationStatus as ApplyStatus } from "./enums.ts";
import type { ApplicationStatus as ApplyStatus } from "./enums.ts";

/** Statuses the runner may still act on (not final). */
export const APPLY_OPEN_STATUSES = [
  "pending",
  "queued",
  "awaiting_approval",
  "submitting",
  "held",
] as const satisfies readonly ApplyStatus[];

/** Statuses after which a new request for the same job revives the row (a retry, never a second row). */
export const APPLY_RETRYABLE_STATUSES = [
  "failed",
  "cancelled",
  "needs_input",
] as const satisfies readonly ApplyStatus[];

/** `job_applications.approval` (review before submit). */
export const APPROVAL_STATES = ["not_required", "pending", "approved", "rejected"] as const;
export type ApprovalState = (typeof APPROVAL_STATES)[number];

/** Why a held application waits (`job_applications.held_reason`). */
export const HOLD_REASONS = ["emergency_stop", "admin_pause", "portal_paused"] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];

/** Why a queued application was deferred (`job_applications.defer_reason`). */
export const DEFER_REASONS = ["daily_cap", "company_cap", "pacing"] as const;
export type DeferReason = (typeof DEFER_REASONS)[number];

/** Why a portal was paused for a user (`apply_portal_state.pause_reason`): the flow's block reasons, or the user. */
export const PORTAL_PAUSE_REASONS = ["captcha", "sign_in", "restricted", "rate_limited", "user"] as const;
export type PortalPauseReason = (typeof PORTAL_PAUSE_REASONS)[number];

/** Kinds of timeline entries (`job_application_events.kind`). */
export const APPLICATION_EVENT_KINDS = [
  "created",
  "status",
  "approval",
  "response",
  "attempt",
  "note",
] as const;
export type ApplicationEventKind = (typeof APPLICATION_EVENT_KINDS)[number];

/** Error codes an application can fail or stop with (`job_applications.error_json.code`). */
export const APPLY_ERROR_CODES = [
  "job_closed",
  "blocked",
  "portal_not_connected",
  "resume_missing",
  "resume_pdf_missing",
  "flow_failed",
  "needs_input",
  "attempts_exhausted",
] as const;
export type ApplyErrorCode = (typeof APPLY_ERROR_CODES)[number];

/** The defaults of `apply_settings` (a user without a row has exactly these). */
export const APPLY_DEFAULTS = {
  match_threshold: 70,
  review_before_submit: true,
  cover_letters: true,
  daily_caps: { linkedin: 25, naukri: 50, indeed: 30 } satisfies Record<Portal, number>,
  company_cap: 2,
  company_window_days: 30,
  pacing_min_seconds: 45,
  pacing_max_seconds: 120,
} as const;

/** The caps' day: India Standard Time (UTC+05:30, no daylight saving). */
export const APPLY_DAY_TIME_ZONE = "Asia/Kolkata";

/** Portal labels as users know them. */
export const PORTAL_LABELS: Record<Portal, string> = {
  linkedin: "LinkedIn",
  naukri: "Naukri",
  indeed: "Indeed",
};

/** What to tell a user whose portal was paused after a block, and what to do about it. */
export const PORTAL_PAUSE_ADVICE: Record<Exclude<PortalPauseReason, "user">, { why: string; what: string }> =
  {
    captcha: {
      why: "showed a captcha",
      what: "Sign in to the portal in your browser, solve the check, then resume applying on that portal.",
    },
    sign_in: {
      why: "asked to sign in again",
      what: "Reconnect the portal in Integrations with a fresh session, then resume applying on it.",
    },
    restricted: {
      why: "says your account is restricted",
      what:
        "Check your account on the portal and resolve the restriction before resuming; applying more could make it worse.",
    },
    rate_limited: {
      why: "is limiting how fast you apply",
      what: "Wait a few hours, consider lowering your daily cap for it, then resume.",
    },
  };
