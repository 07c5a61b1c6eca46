/**
 * The shared vocabularies (docs and the spec `platform-spec.md` name them; the SQL enums and
 * check constraints hold the same values). Each is a readonly tuple, usable with `z.enum(...)`.
 * Extending one is additive; removing a value is a migration of the stored data first.
 */
import type { EventType } from "./events.ts";

/** Job portals (`job_settings.portals`, `fetched_jobs.portal`, `job_applications.portal`). */
export const PORTALS = ["linkedin", "naukri", "indeed"] as const;
export type Portal = (typeof PORTALS)[number];

/** Company types a job search can be limited to (`job_settings.company_types`). */
export const COMPANY_TYPES = [
  "product",
  "service",
  "startup",
  "mnc",
  "government",
  "consulting",
  "non_profit",
] as const;
export type CompanyType = (typeof COMPANY_TYPES)[number];

/** Providers a user connects or stores a token for (`public.integration_provider`). */
export const PROVIDERS = ["github", "linkedin", "naukri", "indeed", "gmail", "gemini"] as const;
export type Provider = (typeof PROVIDERS)[number];

/** Providers that take a pasted token or key (GitHub connects through OAuth). */
export const TOKEN_PROVIDERS = ["gemini", "linkedin", "naukri", "indeed", "gmail"] as const;
export type TokenProvider = (typeof TOKEN_PROVIDERS)[number];

/** `user_integrations.status` (`public.integration_status`). */
export const INTEGRATION_STATUSES = ["connected", "revoked", "needs_reconnect", "error"] as const;
export type IntegrationStatus = (typeof INTEGRATION_STATUSES)[number];

/** Account roles (`profiles.role`). */
export const ROLES = ["user", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** `project_videos.status` (`public.project_video_status`): URL issued → uploaded → processing → transcoded | failed. */
export const VIDEO_STATUSES = ["pending", "uploaded", "processing", "transcoded", "failed"] as const;
export type VideoStatus = (typeof VIDEO_STATUSES)[number];

/** What started a repository sync (`github_sync_state.last_trigger`, `projects.synced.trigger`). */
export const SYNC_TRIGGERS = ["manual", "github_connected", "daily"] as const;
export type SyncTrigger = (typeof SYNC_TRIGGERS)[number];

/** A repository sync run's life (`project_sync_runs.status`). */
export const SYNC_RUN_STATUSES = ["queued", "running", "succeeded", "failed"] as const;
export type SyncRunStatus = (typeof SYNC_RUN_STATUSES)[number];

/** `certificates.status` (spec: verification stack). */
export const CERTIFICATE_STATUSES = ["pending", "verified", "rejected"] as const;
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];
/** `certificates.document_type` (`public.certificate_document_type`). */
export const CERTIFICATE_DOCUMENT_TYPES = ["course", "professional", "degree", "government_id"] as const;
export type CertificateDocumentType = (typeof CERTIFICATE_DOCUMENT_TYPES)[number];
/** `certificates.ocr_status` (`public.certificate_ocr_status`): URL issued → queued → processing → extracted | unreadable | failed. */
export const CERTIFICATE_OCR_STATUSES = [
  "awaiting_upload",
  "queued",
  "processing",
  "extracted",
  "unreadable",
  "failed",
] as const;
export type CertificateOcrStatus = (typeof CERTIFICATE_OCR_STATUSES)[number];
/** What a certificate upload may be (bucket `certificates`). */
export const CERTIFICATE_CONTENT_TYPES = [
  "application/pdf",
  "image/png",
  "image/jpeg",
  "image/webp",
] as const;
export type CertificateContentType = (typeof CERTIFICATE_CONTENT_TYPES)[number];
/** The largest certificate file (the bucket's file_size_limit). */
export const CERTIFICATE_MAX_BYTES = 10 * 1024 * 1024;

/** `job_fetch_runs.status` and `job_apply_runs.status` (spec: job fetcher and job apply stacks). */
export const RUN_STATUSES = ["running", "completed", "failed"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** `fetched_jobs.status` (spec: job fetcher stack). */
export const JOB_STATUSES = ["new", "reviewed", "queued", "applied", "skipped", "expired"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/**
 * `job_applications.status` (spec: job apply stack: pending, submitted, failed, plus where an
 * application waits; each value is explained in `apply.ts`).
 */
export const APPLICATION_STATUSES = [
  "pending",
  "queued",
  "awaiting_approval",
  "submitting",
  "submitted",
  "needs_input",
  "held",
  "failed",
  "cancelled",
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** `job_applications.response_status`: the employer's answer (spec: job apply stack). */
export const RESPONSE_STATUSES = [
  "pending",
  "viewed",
  "shortlisted",
  "rejected",
  "interview",
  "offer",
] as const;
export type ResponseStatus = (typeof RESPONSE_STATUSES)[number];

/** `job_apply_runs.mode` (spec: job apply stack). */
export const APPLY_MODES = ["auto", "manual", "batch"] as const;
export type ApplyMode = (typeof APPLY_MODES)[number];

/**
 * The notification types the web has a label and an icon for. Each is the event type a template
 * came from, so the list can only name registered events. The notifications stack itself does not
 * need this list: templates are registered in each stack's migration and the API accepts any
 * well-formed type, so a new type shows with a generic label until it is added here.
 */
export const NOTIFICATION_TYPES = [
  "user.onboarding.completed",
  "integrations.github.connected",
  "integrations.token.rejected",
  "repo.detected",
  "projects.synced",
  "project_video.processed",
  "certificate.status.changed",
  "api_key.expiry_warning",
  "jobs.fetched",
  "resume.draft.created",
  "job.applied",
  "job.apply.summary",
  "job.apply.paused",
  "skill_gap.detected",
] as const satisfies readonly EventType[];
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];
