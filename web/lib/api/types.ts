/**
 * The shapes the web exchanges with the stack functions, named for the UI. Every request and
 * response type is an alias of a type generated from the functions' OpenAPI documents
 * (./generated, `npm run gen:api`), so a changed route breaks the build instead of the page. The
 * option lists the UI renders (steps, portals, providers, …) are checked against the generated
 * enums at compile time.
 */
import {
  COMPANY_TYPES,
  type CompanyType,
  type NotificationType,
  PORTALS,
  type Portal,
  PROVIDERS,
  type Provider,
  VIDEO_STATUSES as STORED_VIDEO_STATUSES,
  TOKEN_PROVIDERS,
  type TokenProvider,
} from "@contract/enums.ts";
import type * as Admin from "./generated/admin";
import type * as ApiManagement from "./generated/api-management";
import type * as AuthIdentity from "./generated/auth-identity";
import type * as Integrations from "./generated/integrations";
import type * as Notifications from "./generated/notifications";
import type * as Onboarding_ from "./generated/onboarding";
import type * as Projects from "./generated/projects";
import type * as Resumes_ from "./generated/resumes";
import type * as Verification from "./generated/verification";

/** The generated `components.schemas` of each function. */
type AuthIdentitySchemas = AuthIdentity.components["schemas"];
type OnboardingSchemas = Onboarding_.components["schemas"];
type IntegrationsSchemas = Integrations.components["schemas"];
type ProjectsSchemas = Projects.components["schemas"];
type NotificationsSchemas = Notifications.components["schemas"];

/** `true` only when A and B are the same union; assigning `true` fails the build otherwise. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** The stacks, by their function names. */
export type Stack =
  | "auth-identity"
  | "onboarding"
  | "integrations"
  | "projects"
  | "resumes"
  | "verification"
  | "job-fetcher"
  | "job-apply"
  | "insights"
  | "notifications"
  | "api-management"
  | "admin";

// ---------------------------------------------------------------- auth-identity

/** `GET /auth-identity/v1/auth/session`. */
export type AuthSession = AuthIdentitySchemas["Session"];
/** `GET|PATCH /auth-identity/v1/auth/profile`. */
export type Profile = AuthIdentitySchemas["Profile"];
/** `PATCH /auth-identity/v1/auth/profile` body: the fields to change (`linkedin_url` null or "" removes it). */
export type ProfilePatch = AuthIdentitySchemas["ProfilePatch"];

// ---------------------------------------------------------------- onboarding

export type Onboarding = OnboardingSchemas["Onboarding"];
/** `PUT /onboarding/v1/onboarding` body: every field optional, merged into the stored record. */
export type OnboardingUpdate = OnboardingSchemas["OnboardingUpdate"];
export type JobSettings = OnboardingSchemas["JobSettings"];
export type JobSettingsUpdate = OnboardingSchemas["JobSettingsUpdate"];

/** Wizard steps, in order (`onboarding.current_step`). */
export const WIZARD_STEPS = ["profile", "career", "integrations", "review"] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];
const wizardStepsMatch: Same<WizardStep, Onboarding["current_step"]> = true;

// The shared vocabularies are the contract module's (supabase/functions/_shared/contract); the
// checks below keep them equal to what the generated documents say.
export {
  COMPANY_TYPES,
  type CompanyType,
  PORTALS,
  type Portal,
  PROVIDERS,
  type Provider,
  TOKEN_PROVIDERS,
  type TokenProvider,
};

const portalsMatch: Same<Portal, JobSettings["portals"][number]> = true;

const companyTypesMatch: Same<CompanyType, JobSettings["company_types"][number]> = true;

/** At most this many roles / locations, each at most {@link MAX_ITEM_LENGTH} characters (as the API). */
export const MAX_ITEMS = 10;
export const MAX_ITEM_LENGTH = 80;
export const MAX_LPA = 1000;

// ---------------------------------------------------------------- integrations

export type Integration = IntegrationsSchemas["Integration"];

const providersMatch: Same<Provider, IntegrationsSchemas["IntegrationProvider"]> = true;

const tokenProvidersMatch: Same<TokenProvider, IntegrationsSchemas["SaveTokenRequest"]["provider"]> = true;

/** True when the provider is usable now (connected, token not expired). */
export function isConnected(i: Pick<Integration, "status"> | undefined): boolean {
  return i?.status === "connected";
}

// ---------------------------------------------------------------- projects

export type Project = ProjectsSchemas["Project"];
/** `GET /projects/v1/projects`: one page of repositories plus the sync and GitHub state. */
export type ProjectList = ProjectsSchemas["ProjectPage"];
export type ProjectListQuery = NonNullable<
  Projects.paths["/projects/v1/projects"]["get"]["parameters"]["query"]
>;
/**
 * A repository sync run (`POST /projects/v1/projects/sync` answers 202 with one;
 * `GET /projects/v1/projects/sync-runs/{id|latest}`): queued → running → succeeded | failed.
 */
export type ProjectSyncRun = ProjectsSchemas["ProjectsSyncRun"];
export type ProjectDescription = ProjectsSchemas["DescribeResult"];
export type ProjectVideoSummary = NonNullable<ProjectsSchemas["ProjectVideoSummary"]>;
/** `POST /projects/v1/projects/:id/video/signed-url`: where to PUT the original clip. */
export type VideoUploadTarget = ProjectsSchemas["VideoUploadTarget"];
/** `GET /projects/v1/projects/:id/video`: status and, once transcoded, signed playback URLs. */
export type ProjectVideo = ProjectsSchemas["ProjectVideo"];

/** Where the user's GitHub connection stands, as the projects list reports it. */
export const GITHUB_STATES = ["connected", "needs_reconnect", "revoked", "not_connected"] as const;
export type GithubState = (typeof GITHUB_STATES)[number];
const githubStatesMatch: Same<GithubState, ProjectList["github"]["status"]> = true;

/** An intro video's life: URL issued → uploaded → processing → transcoded (ready) or failed. */
export const VIDEO_STATUSES = ["none", ...STORED_VIDEO_STATUSES] as const;
export type VideoStatus = (typeof VIDEO_STATUSES)[number];
const videoStatusesMatch: Same<VideoStatus, ProjectVideo["status"]> = true;

/** Content types an intro video may have, and its size and length limits (as the API and runner). */
export const VIDEO_CONTENT_TYPES = ["video/webm", "video/mp4"] as const;
export type VideoContentType = (typeof VIDEO_CONTENT_TYPES)[number];
const videoContentTypesMatch: Same<VideoContentType, ProjectsSchemas["VideoUploadRequest"]["content_type"]> =
  true;
export const MAX_VIDEO_BYTES = 50 * 1024 * 1024;
export const MIN_VIDEO_SEC = 20;
export const MAX_VIDEO_SEC = 30;

// ---------------------------------------------------------------- notifications

/** One notification (`GET /notifications/v1/notifications` item). */
export type AppNotification = NotificationsSchemas["Notification"];
/** `GET /notifications/v1/notifications`: a page plus the caller's unread count. */
export type NotificationPage = NotificationsSchemas["NotificationPage"];
/** Settings › Notifications & privacy. */
export type NotificationPreferences = NotificationsSchemas["NotificationPreferences"];

/**
 * The notification types the web has a label and an icon for (the contract's list). Each stack
 * registers its own types in its migration, so the API may send others: they show with a
 * generic label.
 */
export { NOTIFICATION_TYPES, type NotificationType } from "@contract/enums.ts";

export interface NotificationListQuery {
  page?: number;
  page_size?: number;
  type?: NotificationType;
  /** true: only read; false: only unread; undefined: all. */
  read?: boolean;
}

// ---------------------------------------------------------------- resumes

type ResumesSchemas = Resumes_.components["schemas"];
export type Resume = ResumesSchemas["Resume"];
export type ResumeList = ResumesSchemas["ResumeList"];
export type ResumeCreate = ResumesSchemas["ResumeCreate"];
export type ResumePatch = ResumesSchemas["ResumePatch"];
export type BuildRequest = ResumesSchemas["ResumeBuild"];
export type BuildResult = ResumesSchemas["ResumeBuildResult"];
export type ResumeVersionSummary = ResumesSchemas["ResumeVersionSummary"];
export type ResumeVersion = ResumesSchemas["ResumeVersion"];
export type RejectedClaim = ResumesSchemas["ResumeRejectedClaim"];
export type AtsRequest = ResumesSchemas["ResumeAtsRequest"];
export type AtsResult = ResumesSchemas["ResumeAtsResult"];
export type CareerEntry = ResumesSchemas["CareerEntry"];
export type CareerRecord = ResumesSchemas["CareerRecord"];
export type CareerEntryPatch = ResumesSchemas["CareerEntryPatch"];
/** `POST /v1/career-record` body: `{kind, data}` checked by the contract's schemas. */
export type CareerEntryCreate =
  Resumes_.paths["/resumes/v1/career-record"]["post"]["requestBody"]["content"]["application/json"];

// The checks above are compile-time only.
void [
  wizardStepsMatch,
  portalsMatch,
  companyTypesMatch,
  providersMatch,
  tokenProvidersMatch,
  githubStatesMatch,
  videoStatusesMatch,
  videoContentTypesMatch,
];

// ---------------------------------------------------------------- verification (certificates)

type VerificationSchemas = Verification.components["schemas"];

/** `GET /verification/v1/certificates` items. */
export type Certificate = VerificationSchemas["Certificate"];
/** `GET /verification/v1/certificates/{id}`: with the OCR extract and a preview URL. */
export type CertificateDetail = VerificationSchemas["CertificateDetail"];
/** `POST /verification/v1/certificates` body. */
export type CertificateUploadRequest = VerificationSchemas["CertificateUploadRequest"];
/** `POST /verification/v1/certificates` answer. */
export type CertificateUploadTarget = VerificationSchemas["CertificateUploadTarget"];
/** `GET /verification/v1/certificates` query. */
export type CertificateListQuery = NonNullable<
  Verification.paths["/verification/v1/certificates"]["get"]["parameters"]["query"]
>;
/** An admin's view of a certificate (owner, OCR extract). */
export type AdminCertificate = VerificationSchemas["AdminCertificate"];
/** An admin's view of one certificate with a preview URL. */
export type AdminCertificateDetail = VerificationSchemas["AdminCertificateDetail"];
/** `GET /verification/v1/admin/certificates` query. */
export type AdminCertificateQuery = NonNullable<
  Verification.paths["/verification/v1/admin/certificates"]["get"]["parameters"]["query"]
>;
export {
  CERTIFICATE_CONTENT_TYPES,
  CERTIFICATE_DOCUMENT_TYPES,
  CERTIFICATE_MAX_BYTES,
} from "@contract/enums.ts";

// ---------------------------------------------------------------- admin, api-management

type AdminSchemas = Admin.components["schemas"];
/** `GET /admin/v1/admin/dashboard`. */
export type AdminDashboard = AdminSchemas["AdminDashboard"];
/** `GET /admin/v1/admin/users` items. */
export type AdminUserSummary = AdminSchemas["AdminUserSummary"];
/** `GET /admin/v1/admin/users/{user_id}`. */
export type AdminUserDetail = AdminSchemas["AdminUserDetail"];
/** `GET /admin/v1/admin/users` query. */
export type AdminUsersQuery = NonNullable<Admin.paths["/admin/v1/admin/users"]["get"]["parameters"]["query"]>;
/** `POST /admin/v1/admin/notifications` body. */
export type AdminBroadcastRequest = AdminSchemas["AdminBroadcast"];
/** `GET /admin/v1/admin/audit` items and query. */
export type AdminAuditEntry = AdminSchemas["AdminAuditEntry"];
export type AdminAuditQuery = NonNullable<Admin.paths["/admin/v1/admin/audit"]["get"]["parameters"]["query"]>;
/** `GET /api-management/v1/admin/api-management` items. */
export type PlatformKey = ApiManagement.components["schemas"]["PlatformKey"];

// ---------------------------------------------------------------- job fetcher

type JobFetcherSchemas = import("./generated/job-fetcher").components["schemas"];
type JobFetcherPaths = import("./generated/job-fetcher").paths;

/** A fetched job as listed (`GET /job-fetcher/v1/jobs`): each job once, `also_on` its other portals. */
export type FetchedJob = JobFetcherSchemas["FetchedJob"];
export type FetchedJobDetail = JobFetcherSchemas["FetchedJobDetail"];
export type FetchedJobPage = JobFetcherSchemas["FetchedJobPage"];
export type JobMatchBreakdownItem = JobFetcherSchemas["JobMatchBreakdownItem"];
export type JobListQuery = NonNullable<JobFetcherPaths["/job-fetcher/v1/jobs"]["get"]["parameters"]["query"]>;
/** A fetch run of one portal (running → completed | failed) with what went wrong. */
export type JobFetchRun = JobFetcherSchemas["JobFetchRun"];
export type JobFetchRunPage = JobFetcherSchemas["JobFetchRunPage"];
export type JobFetchSyncResult = JobFetcherSchemas["JobFetchSyncResult"];
export type JobFetchPortalSchedule = JobFetcherSchemas["JobFetchPortalSchedule"];
/** The statuses a user sets on a job (applied and expired come from the platform). */
export const USER_JOB_STATUSES = ["reviewed", "queued", "skipped", "new"] as const;
export type UserJobStatus = (typeof USER_JOB_STATUSES)[number];
const userJobStatusesMatch: Same<UserJobStatus, JobFetcherSchemas["FetchedJobStatusRequest"]["status"]> =
  true;
void userJobStatusesMatch;

// ---------------------------------------------------------------- job apply

type JobApplySchemas = import("./generated/job-apply").components["schemas"];
type JobApplyPaths = import("./generated/job-apply").paths;

/** An application as listed: its job, the résumé chosen, where it stands and the employer's response. */
export type JobApplication = JobApplySchemas["JobApplication"];
/** One application with its timeline, the cover letter and a signed URL of the exact PDF that was sent. */
export type JobApplicationDetail = JobApplySchemas["JobApplicationDetail"];
export type JobApplicationPage = JobApplySchemas["JobApplicationPage"];
export type JobApplicationsQuery = NonNullable<
  JobApplyPaths["/job-apply/v1/job-apply/applications"]["get"]["parameters"]["query"]
>;
/** A question on the portal's form that nothing the user gave answers (status needs_input). */
export type JobApplyScreeningQuestion = JobApplySchemas["JobApplyScreeningQuestion"];
/** `POST /job-apply/v1/job-apply/single/{job_id}/preview`: the résumé version and draft cover letter. */
export type JobApplyPreview = JobApplySchemas["JobApplyPreview"];
export type JobApplySingleRequest = JobApplySchemas["JobApplySingleRequest"];
export type JobApplyBatchRequest = JobApplySchemas["JobApplyBatchRequest"];
export type JobApplyBatchResult = JobApplySchemas["JobApplyBatchResult"];
export type JobApplyRunPage = JobApplySchemas["JobApplyRunPage"];
/** The approval queue's items: applications waiting for review, with the documents they will send. */
export type JobApplyApprovalPage = JobApplySchemas["JobApplyApprovalPage"];
export type JobApplySettings = JobApplySchemas["JobApplySettings"];
export type JobApplySettingsUpdate = JobApplySchemas["JobApplySettingsUpdate"];
/** Why applying is paused, if it is: the emergency stop, an admin pause, paused portals. */
export type JobApplyPauseState = JobApplySchemas["JobApplyPauseState"];
/** Today's usage against the daily caps, and what waits. */
export type JobApplyUsage = JobApplySchemas["JobApplyUsage"];
export type JobApplyAnswerBank = JobApplySchemas["JobApplyAnswerBank"];
export type JobApplyAnswerBankUpdate = JobApplySchemas["JobApplyAnswerBankUpdate"];
export type JobApplyRun = JobApplySchemas["JobApplyRun"];
export type AdminJobApplication = JobApplySchemas["AdminJobApplication"];
export type AdminJobApplicationPage = JobApplySchemas["AdminJobApplicationPage"];
export type AdminJobApplyRunPage = JobApplySchemas["AdminJobApplyRunPage"];
export type AdminJobApplicationsQuery = NonNullable<
  JobApplyPaths["/job-apply/v1/admin/job-apply/applications"]["get"]["parameters"]["query"]
>;
export type AdminJobApplyRunsQuery = NonNullable<
  JobApplyPaths["/job-apply/v1/admin/job-apply/runs"]["get"]["parameters"]["query"]
>;
export type AdminJobApplyEmergencyStop = JobApplySchemas["AdminJobApplyEmergencyStop"];
export { APPLY_MODES, RUN_STATUSES } from "@contract/enums.ts";
