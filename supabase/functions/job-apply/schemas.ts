/**
 * The job-apply function's request and response shapes (zod + OpenAPI), shared by the user and
 * admin routes, with the row → response mappers.
 */
import { z } from "@hono/zod-openapi";
import {
  APPLICATION_EVENT_KINDS,
  APPROVAL_STATES,
  DEFER_REASONS,
  HOLD_REASONS,
  PORTAL_PAUSE_REASONS,
} from "../_shared/contract/apply.ts";
import {
  APPLICATION_STATUSES,
  APPLY_MODES,
  JOB_STATUSES,
  PORTALS,
  RESPONSE_STATUSES,
  RUN_STATUSES,
} from "../_shared/contract/enums.ts";
import { text } from "../_shared/text.ts";

export const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
export const num = (
  v: string | number | null | undefined,
) => (v === null || v === undefined ? null : Number(v));

// ---------------------------------------------------------------------------------------- params

export const IdParam = z.object({ id: z.uuid().openapi({ param: { name: "id", in: "path" } }) });
export const JobIdParam = z.object({
  job_id: z.uuid().openapi({ param: { name: "job_id", in: "path" }, description: "A fetched job's id." }),
});
export const UserIdParam = z.object({
  user_id: z.uuid().openapi({ param: { name: "user_id", in: "path" } }),
});
export const PortalParam = z.object({
  portal: z.enum(PORTALS).openapi({ param: { name: "portal", in: "path" } }),
});

// ---------------------------------------------------------------------------------------- pieces

export const ApplyError = z
  .object({
    code: z.string().openapi({
      example: "blocked",
      description:
        "job_closed, blocked, portal_not_connected, resume_missing, resume_pdf_missing, flow_failed, attempts_exhausted",
    }),
    message: z.string(),
    detail: z.string().optional(),
    at: z.string().optional(),
  })
  .openapi("JobApplyError");

export const ScreeningQuestion = z
  .object({
    id: z.string(),
    label: z.string(),
    kind: z.enum(["text", "number", "select", "radio", "checkbox"]),
    options: z.array(z.string()).optional(),
    required: z.boolean(),
  })
  .openapi("JobApplyScreeningQuestion");

export const GivenAnswer = z
  .object({
    question_id: z.string(),
    label: z.string(),
    value: z.string(),
    source: z.enum(["bank", "sources", "user"]),
    confidence: z.number().min(0).max(1),
  })
  .openapi("JobApplyAnswer");

export const ApplicationJob = z
  .object({
    id: z.uuid(),
    title: z.string(),
    company: z.string(),
    location: z.string().nullable(),
    job_url: z.string(),
    match_score: z.number().int(),
    status: z.enum(JOB_STATUSES),
  })
  .openapi("JobApplyJob");

export const ResumeRef = z
  .object({
    resume_id: z.uuid().nullable(),
    resume_name: z.string().nullable(),
    version_id: z.uuid().nullable(),
    version_number: z.number().int().nullable(),
    ats_score: z.number().int().nullable(),
    chosen_by: z.enum(["user", "ats"]).nullable(),
  })
  .openapi("JobApplyResumeRef");

export const Application = z
  .object({
    id: z.uuid(),
    fetched_job_id: z.uuid(),
    duplicate_group_id: z.uuid(),
    portal: z.enum(PORTALS),
    mode: z.enum(APPLY_MODES),
    run_id: z.uuid().nullable(),
    status: z.enum(APPLICATION_STATUSES),
    approval: z.enum(APPROVAL_STATES),
    response_status: z.enum(RESPONSE_STATUSES),
    held_reason: z.enum(HOLD_REASONS).nullable(),
    not_before: z.iso.datetime().nullable().openapi({
      description: "Deferred by a cap or pacing until then.",
    }),
    defer_reason: z.enum(DEFER_REASONS).nullable(),
    attempts: z.number().int(),
    applied_at: z.iso.datetime().nullable(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
    error: ApplyError.nullable(),
    job: ApplicationJob,
    resume: ResumeRef,
    has_cover_letter: z.boolean(),
  })
  .openapi("JobApplication");

export const TimelineEntry = z
  .object({
    id: z.number().int(),
    at: z.iso.datetime(),
    kind: z.enum(APPLICATION_EVENT_KINDS),
    from: z.string().nullable(),
    to: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()),
  })
  .openapi("JobApplicationTimelineEntry");

export const ApplicationDetail = Application.extend({
  cover_letter_text: z.string().nullable(),
  cover_letter_source: z.enum(["user", "generated", "none"]).nullable(),
  cover_letter_grounding: z.record(z.string(), z.unknown()).nullable(),
  resume_choice: z.record(z.string(), z.unknown()).nullable(),
  portal_application_id: z.string().nullable(),
  attempt_started_at: z.iso.datetime().nullable(),
  needs_input: z.array(ScreeningQuestion).nullable().openapi({
    description: "needs_input: the questions to answer (POST …/answers).",
  }),
  answers: z.array(GivenAnswer),
  resume_pdf_url: z.string().nullable().openapi({
    description: "A signed URL (5 minutes) of the exact PDF that was sent, once submitted.",
  }),
  timeline: z.array(TimelineEntry),
}).openapi("JobApplicationDetail");

export const AdminApplication = Application.extend({
  user_id: z.uuid(),
  user_email: z.string().nullable(),
}).openapi("AdminJobApplication");

export const Run = z
  .object({
    id: z.uuid(),
    mode: z.enum(APPLY_MODES),
    status: z.enum(RUN_STATUSES),
    started_at: z.iso.datetime(),
    finished_at: z.iso.datetime().nullable(),
    total_queued: z.number().int(),
    total_applied: z.number().int(),
    total_failed: z.number().int(),
    errors: z.array(z.record(z.string(), z.unknown())),
    open_count: z.number().int().openapi({ description: "Applications of the run not final yet." }),
  })
  .openapi("JobApplyRun");

export const AdminRun = Run.extend({ user_id: z.uuid(), user_email: z.string().nullable() }).openapi(
  "AdminJobApplyRun",
);

// ---------------------------------------------------------------------------------------- rows

export interface ApplicationRow {
  id: string;
  user_id: string;
  user_email?: string | null;
  fetched_job_id: string;
  duplicate_group_id: string;
  portal: z.infer<typeof Application>["portal"];
  mode: z.infer<typeof Application>["mode"];
  run_id: string | null;
  status: z.infer<typeof Application>["status"];
  approval: z.infer<typeof Application>["approval"];
  response_status: z.infer<typeof Application>["response_status"];
  held_reason: z.infer<typeof Application>["held_reason"];
  not_before: Date | null;
  defer_reason: z.infer<typeof Application>["defer_reason"];
  attempts: number;
  applied_at: Date | null;
  created_at: Date;
  updated_at: Date;
  error_json: z.infer<typeof ApplyError> | null;
  job: z.infer<typeof ApplicationJob>;
  resume: z.infer<typeof ResumeRef>;
  has_cover_letter: boolean;
}

export function toApplication(r: ApplicationRow): z.infer<typeof Application> {
  return {
    id: r.id,
    fetched_job_id: r.fetched_job_id,
    duplicate_group_id: r.duplicate_group_id,
    portal: r.portal,
    mode: r.mode,
    run_id: r.run_id,
    status: r.status,
    approval: r.approval,
    response_status: r.response_status,
    held_reason: r.held_reason,
    not_before: iso(r.not_before),
    defer_reason: r.defer_reason,
    attempts: r.attempts,
    applied_at: iso(r.applied_at),
    created_at: iso(r.created_at)!,
    updated_at: iso(r.updated_at)!,
    error: r.error_json,
    job: r.job,
    resume: r.resume,
    has_cover_letter: r.has_cover_letter,
  };
}

export interface RunRow {
  id: string;
  user_id: string;
  user_email?: string | null;
  mode: z.infer<typeof Run>["mode"];
  status: z.infer<typeof Run>["status"];
  started_at: Date;
  finished_at: Date | null;
  total_queued: number;
  total_applied: number;
  total_failed: number;
  errors_json: Record<string, unknown>[];
  open_count: number;
}

export function toRun(r: RunRow): z.infer<typeof Run> {
  return {
    id: r.id,
    mode: r.mode,
    status: r.status,
    started_at: iso(r.started_at)!,
    finished_at: iso(r.finished_at),
    total_queued: r.total_queued,
    total_applied: r.total_applied,
    total_failed: r.total_failed,
    errors: r.errors_json,
    open_count: r.open_count,
  };
}

// ---------------------------------------------------------------------------------------- settings

const Caps = z.object({
  linkedin: z.number().int().min(0).max(1000),
  naukri: z.number().int().min(0).max(1000),
  indeed: z.number().int().min(0).max(1000),
});

export const PortalPause = z
  .object({
    portal: z.enum(PORTALS),
    paused: z.boolean(),
    reason: z.enum(PORTAL_PAUSE_REASONS).nullable(),
    detail: z.string().nullable(),
    paused_at: z.iso.datetime().nullable(),
    advice: z.string().nullable().openapi({ description: "What to do before resuming." }),
  })
  .openapi("JobApplyPortalPause");

export const PauseState = z
  .object({
    applying_paused: z.boolean().openapi({
      description: "True while the emergency stop or an admin pause holds every submission of this user.",
    }),
    emergency_stop: z.object({
      active: z.boolean(),
      reason: z.string().nullable(),
      since: z.iso.datetime().nullable(),
    }),
    admin_pause: z.object({
      active: z.boolean(),
      reason: z.string().nullable(),
      since: z.iso.datetime().nullable(),
    }),
    portals: z.array(PortalPause),
    message: z.string().nullable().openapi({ description: "For people: why applying is paused, if it is." }),
  })
  .openapi("JobApplyPauseState");

export const ApplySettings = z
  .object({
    auto_apply: z.boolean().openapi({
      description: "job_settings.auto_apply (one source with Job Control).",
    }),
    match_threshold: z.number().int().min(0).max(100),
    review_before_submit: z.boolean(),
    cover_letters: z.boolean().openapi({
      description:
        "Batch and auto applications get a cover letter drafted with your Gemini key from your sources (the no-fabrication guard keeps only what they show).",
    }),
    daily_caps: Caps.openapi({ description: "Submissions per IST day per portal (yours)." }),
    platform_max_caps: Caps.openapi({ description: "The platform's maximum per portal (admins set it)." }),
    company_cap: z.number().int(),
    company_window_days: z.number().int(),
    pacing_min_seconds: z.number().int(),
    pacing_max_seconds: z.number().int(),
    pause: PauseState,
  })
  .openapi("JobApplySettings");

export const ApplySettingsUpdate = z
  .strictObject({
    match_threshold: z.number().int().min(0).max(100).optional(),
    review_before_submit: z.boolean().optional(),
    cover_letters: z.boolean().optional(),
    daily_caps: z
      .strictObject({
        linkedin: z.number().int().min(0).max(1000).optional(),
        naukri: z.number().int().min(0).max(1000).optional(),
        indeed: z.number().int().min(0).max(1000).optional(),
      })
      .optional()
      .openapi({ description: "Above the platform maximum → 422." }),
    company_cap: z.number().int().min(1).max(100).optional(),
    company_window_days: z.number().int().min(1).max(365).optional(),
    pacing_min_seconds: z.number().int().min(0).max(3600).optional(),
    pacing_max_seconds: z.number().int().min(0).max(3600).optional(),
  })
  .openapi("JobApplySettingsUpdate");

export const UsagePortal = z
  .object({
    portal: z.enum(PORTALS),
    used: z.number().int().openapi({ description: "Submitted (or submitting) today, IST." }),
    cap: z.number().int().openapi({ description: "The effective cap: yours, bounded by the platform's." }),
    remaining: z.number().int(),
    queued: z.number().int().openapi({ description: "Waiting for the runner on this portal." }),
    next_submit_at: z.iso.datetime().nullable().openapi({ description: "Pacing: not before then." }),
    paused: z.boolean(),
  })
  .openapi("JobApplyUsagePortal");

export const Usage = z
  .object({
    day: z.iso.date().openapi({ description: "Today in IST (the caps' day)." }),
    resets_at: z.iso.datetime().openapi({ description: "Next IST midnight." }),
    portals: z.array(UsagePortal),
    awaiting_approval: z.number().int(),
    needs_input: z.number().int(),
    held: z.number().int(),
    pause: PauseState,
  })
  .openapi("JobApplyUsage");

// ---------------------------------------------------------------------------------------- answer bank

const shortText = (max: number) => text().trim().min(1).max(max);

export const AnswerBank = z
  .object({
    phone: z.string().nullable(),
    current_location: z.string().nullable(),
    notice_period_days: z.number().int().nullable(),
    serving_notice: z.boolean().nullable().openapi({
      description: "Serving a notice period now; null: not said.",
    }),
    last_working_day: z.iso.date().nullable().openapi({
      description: "The last working day while serving notice.",
    }),
    current_ctc_lpa: z.number().nullable(),
    expected_ctc_lpa: z.number().nullable(),
    total_experience_years: z.number().nullable(),
    skill_years: z.record(z.string(), z.number()),
    willing_to_relocate: z.boolean().nullable(),
    work_authorisation: z.string().nullable(),
    requires_sponsorship: z.boolean().nullable(),
    custom_answers: z.array(z.object({ question: z.string(), answer: z.string() })),
    updated_at: z.iso.datetime().nullable(),
  })
  .openapi("JobApplyAnswerBank");

export const AnswerBankUpdate = z
  .strictObject({
    phone: shortText(30).regex(/^[+0-9 ()-]{6,30}$/, "A phone number: digits, spaces, +, -, ( )").nullable()
      .optional(),
    current_location: shortText(120).nullable().optional(),
    notice_period_days: z.number().int().min(0).max(365).nullable().optional(),
    serving_notice: z.boolean().nullable().optional(),
    last_working_day: z.iso.date().nullable().optional().openapi({
      description: "Only with serving_notice true (422 otherwise); turning serving_notice off clears it.",
    }),
    current_ctc_lpa: z.number().min(0).max(1000).nullable().optional(),
    expected_ctc_lpa: z.number().min(0).max(1000).nullable().optional(),
    total_experience_years: z.number().min(0).max(60).nullable().optional(),
    skill_years: z
      .record(shortText(60), z.number().min(0).max(60))
      .refine((o) => Object.keys(o).length <= 100, "At most 100 skills.")
      .optional(),
    willing_to_relocate: z.boolean().nullable().optional(),
    work_authorisation: shortText(200).nullable().optional(),
    requires_sponsorship: z.boolean().nullable().optional(),
    custom_answers: z
      .array(z.strictObject({ question: shortText(300), answer: shortText(1000) }))
      .max(50)
      .optional(),
  })
  .openapi("JobApplyAnswerBankUpdate");
